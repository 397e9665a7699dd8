"""Completes the generated OpenAPI document with what every operation shares.

drf-spectacular documents the success responses; this hook adds the error responses (in the one
error shape), 304 with the conditional-request headers, 429 with Retry-After, and the ETag and
Last-Modified headers, so that the document matches what the API really answers.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

ERROR_REF = {"$ref": "#/components/schemas/Error"}

ERROR_SCHEMA = {
    "type": "object",
    "description": "The body of every error answer.",
    "required": ["code", "message", "errors"],
    "properties": {
        "code": {
            "type": "string",
            "description": "Stable, machine-readable code: invalid, not_found, "
            "not_authenticated, authentication_failed, permission_denied, "
            "transition_not_allowed, throttled, not_acceptable, method_not_allowed.",
        },
        "message": {"type": "string", "description": "What went wrong, in the request's language."},
        "errors": {
            "type": "object",
            "description": "Messages per field or query parameter; empty when not about one.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
}


# The error shape, for views that document an error answer of their own (409…). Its component
# is named "Error" and replaced by ERROR_SCHEMA in the hook below. ("errors" is also a property
# of every serializer, so it is declared inline rather than as a class attribute.)
ErrorSerializer = inline_serializer(
    name="Error",
    fields={
        "code": serializers.CharField(),
        "message": serializers.CharField(),
        "errors": serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
    },
)


def write_errors(*, conflict: bool = True) -> dict[int, OpenApiResponse]:
    """The answers every write may give besides its success: 400, and 409 for a transition."""
    responses = {
        400: OpenApiResponse(
            ErrorSerializer,
            description="The request body is not valid, or the service "
            "refused a value (errors names the fields).",
        )
    }
    if conflict:
        responses[409] = OpenApiResponse(
            ErrorSerializer,
            description="Code transition_not_allowed: the caller may do this, but not while "
            "the item is in its current state.",
        )
    return responses


def _error(description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": ERROR_REF}},
    }
    if headers:
        response["headers"] = headers
    return response


VALIDATOR_HEADERS = {
    "ETag": {
        "description": "Changes whenever the body does; send it back in If-None-Match.",
        "schema": {"type": "string"},
    },
    "Last-Modified": {
        "description": "Newest change among the objects shown, when they record one.",
        "schema": {"type": "string"},
    },
}

CONDITIONAL_PARAMETERS = [
    {
        "name": "If-None-Match",
        "in": "header",
        "required": False,
        "description": "An ETag from an earlier answer: 304 Not Modified when still current.",
        "schema": {"type": "string"},
    },
    {
        "name": "If-Modified-Since",
        "in": "header",
        "required": False,
        "description": "An HTTP date: 304 when the object has not changed since (single "
        "objects only; lists use If-None-Match).",
        "schema": {"type": "string"},
    },
]


def document_errors_and_headers(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            parameters = operation.setdefault("parameters", [])
            is_export = path.startswith("/api/v1/export/{")
            for parameter in parameters:
                if parameter["in"] == "query":
                    # ?trl_min=&q= (an HTML form's empty fields) means "no such filter".
                    parameter["allowEmptyValue"] = True
            if any(p["in"] == "query" for p in parameters):
                responses.setdefault("400", _error("A query parameter is not valid."))
            if "requestBody" in operation:
                responses.setdefault("400", _error("The request body is not valid."))
            if any(p["in"] == "path" for p in parameters):
                responses.setdefault("404", _error("Not found, or not visible to the caller."))
            anonymous_allowed = {} in operation.get("security", [{}])
            responses.setdefault(
                "401",
                _error(
                    "The credentials given are not valid."
                    if anonymous_allowed
                    else "Authentication is required."
                ),
            )
            responses.setdefault("403", _error("Not allowed for these credentials."))
            if not is_export:
                responses.setdefault("406", _error("The Accept header asks for no JSON."))
            responses.setdefault(
                "429",
                _error(
                    "Too many requests from this token, user or IP address.",
                    {
                        "Retry-After": {
                            "description": "Seconds to wait before trying again.",
                            "schema": {"type": "integer"},
                        }
                    },
                ),
            )
            if method != "get" or is_export or "200" not in responses:
                continue  # conditional requests: reads only
            responses["200"].setdefault("headers", {}).update(VALIDATOR_HEADERS)
            responses.setdefault(
                "304",
                {
                    "description": "Not modified: the copy the client has is current.",
                    "headers": VALIDATOR_HEADERS,
                },
            )
            known = {p["name"] for p in parameters}
            parameters.extend(p for p in CONDITIONAL_PARAMETERS if p["name"] not in known)
    return result
