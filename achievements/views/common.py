"""What every page of this app does the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest

from accounts.models import Organization
from accounts.permissions import object_for


def attempt(request: HttpRequest, action: Callable[[], Any], success: str) -> bool:
    """Run a service call; a refused state change or invalid input becomes a clear message."""
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form fields it names (the rest to the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def chosen_institution(request: HttpRequest, action: str, refusal: str) -> Organization:
    """The organisation a create page acts for: `?institution=<id>` (404 if the user may not see
    it, 403 if they may not `action` for it), else the first one they may (403 if none)."""
    chosen = request.GET.get("institution", "")
    if chosen:
        if not chosen.isascii() or not chosen.isdigit():
            raise Http404
        found: Organization = object_for(Organization.objects, request.user, action, int(chosen))
        return found
    first = Organization.objects.restrict(request.user, action).order_by("name_en", "pk").first()
    if first is None:
        raise PermissionDenied(refusal)
    return first
