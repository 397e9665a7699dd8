"""What the API accepts for profiles and assessments: validation and shaping only.

Nothing here saves: a view validates the body and hands the values to the service the pages
call (expert_save, assessment_request, assessment_submit…), which decides who may act.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Organization
from experts.models import Assessment, Expert
from experts.services import ASSESSMENT_COLUMNS
from portal.rest.inputs import (
    InputModelSerializer,
    StrictBooleanField,
    StrictCharField,
    StrictChoiceField,
    StrictIntegerField,
    StrictPrimaryKeyRelatedField,
    TaxonomyInputSerializer,
)

# The profile columns the API writes (organization and fields are related: handled below).
API_PROFILE_COLUMNS = (
    "name_zh",
    "name_en",
    "title",
    "keywords",
    "bio",
    "publications",
    "patents",
    "languages",
    "available_for_consulting",
    "available_for_evaluation",
    "available_for_mentoring",
    "visibility",
    "is_active",
)


@extend_schema_field(OpenApiTypes.INT)
class VisibleOrganizationField(StrictPrimaryKeyRelatedField):
    def get_queryset(self) -> Any:
        return Organization.objects.visible_to(self.context["request"].user)


class ExpertInputSerializer(TaxonomyInputSerializer):
    """A profile as its keeper writes it. On update (PATCH) only the keys sent change;
    fields replaces the whole list when sent."""

    keywords = serializers.ListField(
        child=StrictCharField(max_length=60), required=False, max_length=50
    )
    languages = serializers.ListField(
        child=StrictChoiceField(choices=settings.LANGUAGES), required=False, max_length=5
    )
    organization = VisibleOrganizationField(
        required=False, allow_null=True, help_text="Id of the expert's organisation."
    )

    class Meta:
        model = Expert
        fields = [*API_PROFILE_COLUMNS, "organization", "fields"]
        validators: list[Any] = []  # the service validates the whole profile

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        def value(name: str) -> Any:
            return self.current(data, name, "")

        if not (value("name_zh") or value("name_en")):
            raise serializers.ValidationError(
                {"name_zh": [_("Give a name in Chinese, in English, or both.")]}
            )
        return data

    def changes(self) -> dict[str, Any]:
        data = self.validated_data
        names = [*API_PROFILE_COLUMNS, "organization"]
        return {
            "values": {name: data[name] for name in names if name in data},
            "fields": data.get("fields"),
        }


class NewExpertSerializer(ExpertInputSerializer):
    """A new profile: the caller's own, or — with kept_by — one their TTO keeps for an expert
    without a login."""

    kept_by = VisibleOrganizationField(
        required=False,
        allow_null=True,
        help_text="Id of the caller's institution, to keep a profile for an expert without a "
        "login; left out, the profile is the caller's own (one each).",
    )

    class Meta(ExpertInputSerializer.Meta):
        fields = ["kept_by", *ExpertInputSerializer.Meta.fields]


@extend_schema_field(OpenApiTypes.INT)
class VisibleExpertField(StrictPrimaryKeyRelatedField):
    def get_queryset(self) -> Any:
        return Expert.objects.visible_to(self.context["request"].user)


class AssessmentRequestSerializer(serializers.Serializer[Any]):
    # An id, not a related field: a listing the caller may not see is a 404, as everywhere.
    achievement = StrictIntegerField(
        min_value=1, max_value=2**63 - 1, help_text="Id of a listing of the caller's institution."
    )
    experts = serializers.ListField(
        child=VisibleExpertField(),
        min_length=1,
        max_length=20,
        help_text="Ids of experts available for evaluation.",
    )


class AssessmentSubmitSerializer(InputModelSerializer):
    """The assessment: an assessed TRL (1–9) and a recommendation are required."""

    class Meta:
        model = Assessment
        fields = list(ASSESSMENT_COLUMNS)
        extra_kwargs = {
            "trl": {"required": True, "allow_null": False},
            "recommendation": {"required": True, "allow_blank": False},
            "text": {"help_text": "Markdown; rendered sanitised."},
        }

    def values(self) -> dict[str, Any]:
        return {
            name: self.validated_data[name]
            for name in ASSESSMENT_COLUMNS
            if name in self.validated_data
        }


class PublishSerializer(serializers.Serializer[Any]):
    published = StrictBooleanField(
        required=False,
        default=True,
        help_text="true (the default) shows it on the listing's page; false takes it off.",
    )
