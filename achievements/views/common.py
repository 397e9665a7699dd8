"""What every page of this app does the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


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
