"""The expert pool in the API."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from accounts.api.organizations import OrganizationBriefSerializer
from experts.models import Expert
from portal.api.serializers import with_fields
from portal.rest.serializers import ReadOnlyModelSerializer


class ExpertSerializer(ReadOnlyModelSerializer):
    """An expert's public profile (never their account or email address)."""

    url = serializers.HyperlinkedIdentityField(view_name="api:expert-detail")
    organization = OrganizationBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Expert
        fields = [
            "id",
            "url",
            "name_zh",
            "name_en",
            "title",
            "organization",
            "keywords",
            "bio",
            "publications",
            "patents",
            "languages",
            "available_for_consulting",
            "available_for_evaluation",
            "available_for_mentoring",
            "visibility",
            "updated_at",
        ]
        read_only_fields = fields

    def get_fields(self) -> dict[str, Any]:
        return with_fields(super().get_fields())
