"""Reading a search's whole state from a URL (the page and the API share it).

    /search/?q=锂电池&type=achievement&field=2.5&trl=6&trl=7&sort=newest&after=…

Several values of one facet mean any of them; different facets must all hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import QueryDict

from portal.search.facets import FACET_PARAMS

MAX_QUERY_LENGTH = 200


@dataclass
class SearchState:
    q: str = ""
    types: list[str] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    after: str | None = None
    limit: int = 20
    errors: list[str] = field(default_factory=list)

    def toggle(self, param: str, value: str) -> str:
        """The query string with this facet value switched on or off (and page 1 again)."""
        chosen = self.types if param == "type" else self.filters.get(param, [])
        if value in chosen:
            return self.url_params(without=(param, value))
        current = self.url_params()
        return (current + "&" if current else "") + urlencode([(param, value)])

    def url_params(self, *, without: tuple[str, str] | None = None, **changes: str) -> str:
        """This state as a query string, one facet value toggled off or settings changed."""
        pairs: list[tuple[str, str]] = []
        if self.q:
            pairs.append(("q", self.q))
        pairs += [("type", t) for t in self.types if without != ("type", t)]
        for param, values in self.filters.items():
            pairs += [(param, v) for v in values if without != (param, v)]
        if self.sort != "relevance":
            pairs.append(("sort", self.sort))
        for name, value in changes.items():
            pairs = [(k, v) for k, v in pairs if k != name] + ([(name, value)] if value else [])
        return urlencode(pairs)


def read_state(params: QueryDict, *, default_limit: int = 20) -> SearchState:
    state = SearchState()
    state.q = params.get("q", "").strip()[:MAX_QUERY_LENGTH]
    state.types = [t for t in params.getlist("type") if t]
    state.filters = {
        name: [v for v in params.getlist(name) if v]
        for name in FACET_PARAMS
        if name != "type" and params.getlist(name)
    }
    state.sort = params.get("sort", "relevance") or "relevance"
    state.after = params.get("after") or None
    raw_limit = params.get("limit", str(default_limit))
    if raw_limit.isdigit() and 1 <= int(raw_limit) <= 100:
        state.limit = int(raw_limit)
    else:
        state.errors.append(f"limit: {raw_limit!r} is not a number from 1 to 100")
    return state
