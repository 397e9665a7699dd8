"""A list page's filters as a search: what "Save this search" on /achievements/ and /needs/ keeps.

The list pages filter with their FilterSets, the search page with facets; most filters have a
facet of the same name and values. Those that have none (status, dates, development stage,
a need's TRL range) cannot be kept, and the form says which were left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import QueryDict

# list page → the search's type and the parameters that carry over unchanged
SOURCES = {
    "achievement": (
        "achievement",
        ("q", "field", "institution", "region", "transfer_mode", "ip_status", "language"),
    ),
    "need": ("need", ("q", "field", "region", "transfer_mode", "language")),
}
PAGING = {"cursor", "page", "page_size", "ordering", "from"}


@dataclass
class Converted:
    query: str
    left_out: list[str] = field(default_factory=list)


def search_query_from_list(source: str, params: QueryDict) -> Converted | None:
    """The search query string for a list page's query string (None: not a list page)."""
    if source not in SOURCES:
        return None
    kind, kept = SOURCES[source]
    pairs: list[tuple[str, str]] = [("type", kind)]
    for name in kept:
        pairs += [(name, value) for value in params.getlist(name) if value]
    left_out = sorted({name for name, values in params.lists() if any(values)} - set(kept) - PAGING)
    if source == "achievement" and {"trl_min", "trl_max"} & set(left_out):
        low, high = params.get("trl_min") or "1", params.get("trl_max") or "9"
        if low.isdigit() and high.isdigit():
            pairs += [("trl", str(level)) for level in range(int(low), int(high) + 1)]
            left_out = [name for name in left_out if name not in {"trl_min", "trl_max"}]
    return Converted(urlencode(pairs), left_out)
