"""The expert pool in the API: profiles and assessments (reads here; bodies in inputs.py)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from accounts.api.organizations import OrganizationBriefSerializer
from experts.models import Assessment, Expert
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


class ExpertManageSerializer(ExpertSerializer):
    """A profile as the one who keeps it sees it: also whether it is listed and who keeps it."""

    managed_by = OrganizationBriefSerializer(read_only=True, allow_null=True)
    is_own = serializers.SerializerMethodField()

    class Meta(ExpertSerializer.Meta):
        fields = [*ExpertSerializer.Meta.fields, "is_active", "managed_by", "is_own"]
        read_only_fields = fields

    def get_is_own(self, expert: Expert) -> bool:
        """Whether this is the caller's own profile."""
        request = self.context.get("request")
        return bool(request and expert.user_id is not None and expert.user_id == request.user.pk)


class AssessmentSerializer(ReadOnlyModelSerializer):
    """An expert's assessment of a listing. Published ones are for the listing's readers;
    the rest only for the listing's TTO and the expert."""

    url = serializers.HyperlinkedIdentityField(view_name="api:assessment-detail")
    achievement: serializers.HyperlinkedRelatedField[Any] = serializers.HyperlinkedRelatedField(
        view_name="api:achievement-detail", read_only=True
    )
    achievement_id = serializers.IntegerField(read_only=True)
    expert: serializers.HyperlinkedRelatedField[Any] = serializers.HyperlinkedRelatedField(
        view_name="api:expert-detail", read_only=True
    )
    expert_id = serializers.IntegerField(read_only=True)
    expert_name = serializers.CharField(source="expert.name", read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "url",
            "achievement",
            "achievement_id",
            "expert",
            "expert_id",
            "expert_name",
            "status",
            "requested_at",
            "trl",
            "maturity_notes",
            "market_potential",
            "risks",
            "recommendation",
            "text",
            "submitted_at",
            "published",
            "published_at",
            "updated_at",
        ]
        read_only_fields = fields
