"""Saved searches in the API: what is shown, and what a request body may hold."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from matching.saved_searches.models import SavedSearch
from portal.rest.inputs import StrictCharField, StrictChoiceField
from portal.rest.serializers import ReadOnlyModelSerializer


class SavedSearchSerializer(ReadOnlyModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:saved-search-detail")
    search_url = serializers.SerializerMethodField(help_text="The search page with this search.")
    results_url = serializers.SerializerMethodField(
        help_text="GET /api/v1/search/ with this search: its results now."
    )

    class Meta:
        model = SavedSearch
        fields = [
            "id",
            "url",
            "name",
            "query",
            "frequency",
            "search_url",
            "results_url",
            "created_at",
            "updated_at",
            "last_run_at",
            "next_run_at",
        ]
        read_only_fields = fields

    def _absolute(self, path: str, query: str) -> str:
        request = self.context.get("request")
        address = f"{path}?{query}" if query else path
        return request.build_absolute_uri(address) if request is not None else address

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_search_url(self, saved: SavedSearch) -> Any:
        return self._absolute(reverse("search"), saved.query)

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_results_url(self, saved: SavedSearch) -> Any:
        return self._absolute(reverse("api-search"), saved.query)


class SavedSearchInputSerializer(serializers.Serializer[Any]):
    name = StrictCharField(max_length=100, help_text="Unique among your saved searches.")
    query = StrictCharField(
        max_length=1000,
        allow_blank=True,
        help_text="The query string of the search page or of GET /api/v1/search/ "
        "(q, type, field, trl, institution, region, transfer_mode, ip_status, language, "
        'year, sort), e.g. "q=battery&type=achievement&trl=6". A whole URL is accepted too.',
    )
    frequency = StrictChoiceField(
        choices=SavedSearch.Frequency.choices,
        help_text="How often to look for new results: instant (every few minutes), daily, "
        "weekly, or paused.",
    )
