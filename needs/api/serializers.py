"""Technology needs in the API."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from accounts.api.organizations import OrganizationBriefSerializer
from needs.models import Need
from portal.api.serializers import with_fields
from portal.rest.serializers import ReadOnlyModelSerializer


class NeedSerializer(ReadOnlyModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:need-detail")
    organization = OrganizationBriefSerializer(read_only=True)

    class Meta:
        model = Need
        fields = [
            "id",
            "url",
            "organization",
            "title",
            "description",
            "keywords",
            "trl_min",
            "trl_max",
            "budget_negotiable",
            "budget_min",
            "budget_max",
            "currency",
            "deadline",
            "cooperation_modes",
            "region",
            "status",
            "published_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_fields(self) -> dict[str, Any]:
        return with_fields(super().get_fields())
