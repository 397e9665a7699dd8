"""Every API error has one shape: {"code": …, "message": …, "errors": {field: [messages]}}.

`code` is stable and machine-readable (invalid, not_found, not_authenticated, throttled…),
`message` is for people (in the request's language), and `errors` names each offending field or
query parameter, empty when the error is not about one.
"""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback

from portal.rest.renderers import dumps


class Conflict(exceptions.APIException):
    """The caller may act on the object, but not in its current state (a refused transition)."""

    status_code = 409
    default_code = "transition_not_allowed"
    default_detail = gettext_lazy("This cannot be done in the item's current state.")


def _flatten(detail: Any) -> list[str]:
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in _flatten(value)]
    if isinstance(detail, list):
        return [message for value in detail for message in _flatten(value)]
    return [str(detail)]


def error_body(
    code: str, message: str, errors: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    return {"code": code, "message": message, "errors": errors or {}}


def _validation_body(exc: exceptions.ValidationError) -> dict[str, Any]:
    detail = exc.detail
    if isinstance(detail, dict):
        errors = {str(name): _flatten(value) for name, value in detail.items()}
        message = _("Invalid value for: %(names)s.") % {"names": ", ".join(errors)}
        return error_body("invalid", message, errors)
    return error_body("invalid", " ".join(_flatten(detail)) or _("Invalid input."))


def _from_django(exc: Exception) -> Exception:
    """The exceptions services raise, as API errors.

    - TransitionNotAllowed (the right person, the wrong state): 409, code transition_not_allowed;
    - any other ValidationError: 400, code invalid, with the fields the service names;
    - PermissionDenied (the wrong person): 403 with the service's message;
    - Http404: 404, saying nothing about whether the object exists.
    """
    from moderation.workflow import TransitionNotAllowed

    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(detail=str(exc) or None)
    if isinstance(exc, TransitionNotAllowed):
        return Conflict(detail=" ".join(exc.messages) or None)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return exceptions.ValidationError(
                {
                    ("non_field_errors" if name == NON_FIELD_ERRORS else name): messages
                    for name, messages in exc.message_dict.items()
                }
            )
        return exceptions.ValidationError(exc.messages)
    return exc


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler (status, Retry-After and WWW-Authenticate headers), with our body."""
    exc = _from_django(exc)
    if not isinstance(exc, exceptions.APIException):
        return None  # a bug: Django logs it and answers 500
    headers = {}
    auth_header = getattr(exc, "auth_header", None)
    if auth_header:
        headers["WWW-Authenticate"] = str(auth_header)
    wait = getattr(exc, "wait", None)
    if wait:
        headers["Retry-After"] = str(math.ceil(wait))
    # Roll back the request's transaction, if it has one. Read-only viewsets run outside
    # ATOMIC_REQUESTS: there is nothing to undo, and an enclosing transaction is not theirs.
    if getattr(context.get("view"), "atomic_requests", True):
        set_rollback()
    if isinstance(exc, exceptions.ValidationError):
        body = _validation_body(exc)
    else:
        code = exc.get_codes()
        body = error_body(
            code if isinstance(code, str) else exc.default_code, " ".join(_flatten(exc.detail))
        )
    return Response(body, status=exc.status_code, headers=headers)


@csrf_exempt  # it changes nothing; a DELETE to a wrong address must get the JSON 404, not a 403
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any path under /api/v1/ that names no endpoint."""
    body = error_body("not_found", _("There is no API endpoint at this address."))
    return HttpResponse(dumps(body), status=404, content_type="application/json")
