"""django-axes hooks: which account an attempt is against, and what a locked-out client sees."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.throttling import client_address


def username_for_lockout(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The normalised email, so "A@x.org " and "a@x.org" count against the same account."""
    raw = (credentials or {}).get("username")
    if raw is None:
        raw = request.POST.get("username") or request.POST.get("email") or ""
    return str(raw).strip().lower()


def _cool_off_minutes() -> int:
    return max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def lockout_message() -> str:
    return _(
        "Too many failed attempts for this account. For your safety, signing in is paused "
        "for %(minutes)s minutes. You can reset your password in the meantime."
    ) % {"minutes": _cool_off_minutes()}


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    status = 429  # Too Many Requests, as axes answers by default
    if request.path.startswith("/api/"):
        from portal.rest.errors import error_body  # the API's one error shape

        cool_off = round(settings.AXES_COOLOFF_TIME.total_seconds())
        return JsonResponse(
            error_body("locked_out", lockout_message()),
            status=status,
            headers={"Retry-After": str(cool_off)},
        )
    return render(
        request,
        "registration/locked_out.html",
        {"message": lockout_message(), "address": client_address(request)},
        status=status,
    )
