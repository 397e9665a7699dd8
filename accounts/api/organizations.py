"""Organisations in the API: the public directory (serializers and the read-only viewset).

Kept apart from accounts' authentication API (tokens), which has its own modules here.
"""

from __future__ import annotations

from rest_framework import serializers

from accounts.filtersets import OrganizationFilterSet
from accounts.models import Organization
from portal.rest.serializers import ReadOnlyModelSerializer
from portal.rest.viewsets import VisibleReadOnlyViewSet


class OrganizationBriefSerializer(ReadOnlyModelSerializer):
    """An organisation as nested in achievements, needs, experts and disclosures."""

    class Meta:
        model = Organization
        fields = ["id", "slug", "kind", "name_zh", "name_en", "region", "verified"]
        read_only_fields = fields


class OrganizationSerializer(ReadOnlyModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:organization-detail")

    class Meta:
        model = Organization
        fields = [
            "id",
            "url",
            "slug",
            "kind",
            "name_zh",
            "name_en",
            "region",
            "website",
            "description",
            "verified",
            "verified_at",
            "created_at",
        ]
        read_only_fields = fields


class OrganizationViewSet(VisibleReadOnlyViewSet):
    """Universities, institutes, hospitals, enterprises and agencies on the portal."""

    queryset = Organization.objects.all()
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet
    last_modified_field = None  # organisations record no modification time
