"""Every API error has one shape: {"code": …, "message": …, "errors": {field: [messages]}}.

`code` is stable and machine-readable (invalid, not_found, not_authenticated, throttled…),
`message` is for people (in the request's language), and `errors` names each offending field or
query parameter, empty when the error is not about one.
"""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback

from portal.rest.renderers import dumps


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


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler (status, Retry-After and WWW-Authenticate headers), with our body."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
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
