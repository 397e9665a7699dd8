"""HTML list pages: a FilterSet (the same one the API uses) and a keyset page of results.

The URL carries the whole state (filters, ordering, cursor), so a list can be bookmarked and
shared; "next" and "previous" keep the filters and move the cursor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import django_filters
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext as _

from portal import keyset

PAGE_SIZE = 20


@dataclass
class ListPage:
    filterset: django_filters.FilterSet
    items: list[Any]
    next_url: str | None = None
    previous_url: str | None = None
    first_url: str | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def status(self) -> int:
        return 400 if self.errors else 200

    @property
    def is_filtered(self) -> bool:
        return any(key != "cursor" and any(values) for key, values in self.filterset.data.lists())

    def context(self) -> dict[str, Any]:
        return {
            "filterset": self.filterset,
            "form": self.filterset.form,
            "items": self.items,
            "next_url": self.next_url,
            "previous_url": self.previous_url,
            "first_url": self.first_url,
            "list_errors": self.errors,
            "is_filtered": self.is_filtered,
        }


def _with_cursor(request: HttpRequest, cursor: str | None) -> str:
    query = request.GET.copy()
    query.pop("cursor", None)
    if cursor:
        query["cursor"] = cursor
    return f"{request.path}?{query.urlencode()}" if query else request.path


def hidden_from(request: HttpRequest) -> tuple[str, ...]:
    """Filters a visitor has no use for: only signed-in users can see unpublished rows."""
    return () if request.user.is_authenticated else ("status",)


def list_page(
    request: HttpRequest,
    filterset_class: type[django_filters.FilterSet],
    queryset: models.QuerySet[Any],
    *,
    hide: tuple[str, ...] = (),
) -> ListPage:
    """Filters the (already visible_to-restricted) queryset from the URL and takes one page.

    `hide` drops filters that make no sense to this reader (status, for a visitor); the
    API-only `updated_after` (for incremental syncs) never shows on a page.
    """
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    for name in ("updated_after", *hide):
        filterset.filters.pop(name, None)
    if not filterset.is_valid():
        return ListPage(filterset, [], errors=[_("Some filters are not valid; see below.")])
    try:
        page = keyset.paginate(filterset.qs, request.GET.get("cursor"), PAGE_SIZE)
    except keyset.InvalidCursor:
        return ListPage(
            filterset,
            [],
            errors=[_("This page link is no longer valid. Start from the first page.")],
        )
    return ListPage(
        filterset,
        page.items,
        next_url=_with_cursor(request, page.next_cursor) if page.next_cursor else None,
        previous_url=_with_cursor(request, page.previous_cursor) if page.previous_cursor else None,
        first_url=_with_cursor(request, None) if request.GET.get("cursor") else None,
    )
