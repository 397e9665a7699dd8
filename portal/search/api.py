"""GET /api/v1/search/?q=&type= — the unified search as JSON (hits, total, facets, cursor).

The whole state is in the query string, as on the search page (see params.py). Bad input
answers 400 with a message naming the parameter.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.search.facets import FACET_PARAMS
from portal.search.params import read_state
from portal.search.service import Hit, SearchResult, search


def _hit(hit: Hit, request: Request) -> dict[str, Any]:
    obj = hit.object
    return {
        "type": hit.kind,
        "id": obj.pk,
        "title": str(obj),
        "title_html": str(hit.title_html),
        "snippet_html": str(hit.snippet_html),
        "url": request.build_absolute_uri(hit.url) if hit.url else None,
        "score": str(hit.score),
        "similar": hit.similar,
    }


def _body(result: SearchResult, request: Request) -> dict[str, Any]:
    return {
        "query": result.query,
        "sort": result.sort,
        "total": result.total,
        "total_is_estimate": result.total_is_estimate,
        "suggestion": result.suggestion,
        "next": result.next_cursor,
        "hits": [_hit(hit, request) for hit in result.hits],
        "facets": [
            {
                "name": facet.param,
                "label": facet.label,
                "values": [
                    {
                        "value": value.value,
                        "label": value.label,
                        "count": value.count,
                        "selected": value.selected,
                        "children": [
                            {"value": c.value, "label": c.label, "count": c.count}
                            for c in value.children
                        ],
                    }
                    for value in facet.values
                ],
            }
            for facet in result.facets
        ],
    }


class SearchView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Search achievements, needs and experts",
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description='words, "phrases", -not, OR'),
            OpenApiParameter("sort", OpenApiTypes.STR, enum=["relevance", "newest", "trl"]),
            OpenApiParameter("after", OpenApiTypes.STR, description="`next` of the last page"),
            OpenApiParameter("limit", OpenApiTypes.INT, description="1 to 100, default 20"),
            *[OpenApiParameter(name, OpenApiTypes.STR, many=True) for name in FACET_PARAMS],
        ],
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        state = read_state(request.query_params)
        if state.errors:
            return Response({"errors": state.errors}, status=400)
        result = search(
            state.q,
            types=state.types,
            filters=state.filters,
            user=request.user,
            sort=state.sort,
            after=state.after,
            limit=state.limit,
        )
        if result.errors:
            return Response({"errors": result.errors}, status=400)
        return Response(_body(result, request))
