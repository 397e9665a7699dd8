"""Cursor pagination for every API list, on top of portal.keyset.

Responses carry `next` and `previous` links (absolute URLs, or null) and `results`; there is no
total count, which would cost a full scan of a large table on every page.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from portal import keyset

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def page_size_from(raw: str | None) -> int:
    """The page_size parameter: 1 to MAX_PAGE_SIZE, default DEFAULT_PAGE_SIZE."""
    if raw is None or raw == "":
        return DEFAULT_PAGE_SIZE
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
        raise ValidationError(
            {"page_size": [_("Enter a whole number from 1 to %(max)d.") % {"max": MAX_PAGE_SIZE}]}
        )
    return int(raw)


class CursorPagination(BasePagination):
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def paginate_queryset(  # type: ignore[override]  # querysets only: keysets need SQL
        self, queryset: models.QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any]:
        size = page_size_from(request.query_params.get(self.page_size_query_param))
        try:
            page = keyset.paginate(
                queryset, request.query_params.get(self.cursor_query_param), size
            )
        except keyset.InvalidCursor:
            raise ValidationError(
                {
                    self.cursor_query_param: [
                        _("This cursor is not valid here. Follow the next and previous links.")
                    ]
                }
            ) from None
        self.page = page
        self.url = request.build_absolute_uri()
        return page.items

    def _link(self, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        return replace_query_param(self.url, self.cursor_query_param, cursor)

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "next": self._link(self.page.next_cursor),
                "previous": self._link(self.page.previous_cursor),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "description": "The next page, or null on the last page."},
                "previous": {**link, "description": "The previous page, or null on the first."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": OpenApiParameter.QUERY,
                "description": "Opaque position in the list; take it from a next or previous "
                "link. A cursor is tied to the ordering it was made with.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": OpenApiParameter.QUERY,
                "description": f"Results per page, 1 to {MAX_PAGE_SIZE} "
                f"(default {DEFAULT_PAGE_SIZE}).",
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": MAX_PAGE_SIZE,
                    "default": DEFAULT_PAGE_SIZE,
                },
            },
        ]
