"""The search page: a box, a facet sidebar, highlighted results, sort, and help when empty."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.search.params import read_state
from portal.search.service import search


def search_page(request: HttpRequest) -> HttpResponse:
    state = read_state(request.GET)
    result = search(
        state.q,
        types=state.types,
        filters=state.filters,
        user=request.user,
        sort=state.sort,
        after=state.after,
        limit=state.limit,
    )
    errors = state.errors + result.errors
    for facet in result.facets:
        for value in facet.values:
            value.url = state.toggle(facet.param, value.value)
            for child in value.children:
                child.url = state.toggle(facet.param, child.value)
    labels = {
        (facet.param, v.value): v.label
        for facet in result.facets
        for top in facet.values
        for v in [top, *top.children]
    }
    chosen = [
        {
            "label": labels.get((param, value), value),
            "remove": state.url_params(without=(param, value)),
        }
        for param, values in [("type", state.types), *state.filters.items()]
        for value in values
    ]
    return render(
        request,
        "search/search.html",
        {
            "state": state,
            "result": result,
            "errors": errors,
            "chosen": chosen,
            "sort_urls": {
                sort: state.url_params(sort=sort if sort != "relevance" else "")
                for sort in ("relevance", "newest", "trl")
            },
            "next_url": state.url_params(after=result.next_cursor) if result.next_cursor else "",
            "suggestion_url": state.url_params(q=result.suggestion) if result.suggestion else "",
        },
        status=400 if errors and not result.hits else 200,
    )
