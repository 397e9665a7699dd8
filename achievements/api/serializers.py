"""Achievements, their patents, and disclosures in the API."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from accounts.api.organizations import OrganizationBriefSerializer
from achievements.models import (
    Achievement,
    Disclosure,
    DisclosureInventor,
    Patent,
    PriorDisclosure,
)
from portal.api.serializers import with_fields
from portal.rest.serializers import ReadOnlyModelSerializer
from portal.vocabulary import ContentLanguage


class PatentSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = Patent
        fields = ["number", "jurisdiction", "kind", "status", "title", "filing_date", "grant_date"]
        read_only_fields = fields


class AchievementSerializer(ReadOnlyModelSerializer):
    """A listing as it appears in lists. Contact details are not published through the API."""

    url = serializers.HyperlinkedIdentityField(view_name="api:achievement-detail")
    institution = OrganizationBriefSerializer(read_only=True)
    language = serializers.ChoiceField(
        source="content_language",
        choices=ContentLanguage.choices,
        read_only=True,
        help_text="Languages the listing's own text is written in.",
    )

    class Meta:
        model = Achievement
        fields = [
            "id",
            "url",
            "title_zh",
            "title_en",
            "summary_zh",
            "summary_en",
            "keywords",
            "institution",
            "trl",
            "development_stage",
            "ip_status",
            "transfer_modes",
            "price_negotiable",
            "price_min",
            "price_max",
            "currency",
            "language",
            "status",
            "published_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_fields(self) -> dict[str, Any]:
        return with_fields(super().get_fields())


class AchievementDetailSerializer(AchievementSerializer):
    """A single listing: everything in the list form, plus its description and patents."""

    patents = PatentSerializer(many=True, read_only=True)

    class Meta(AchievementSerializer.Meta):
        fields = [
            *AchievementSerializer.Meta.fields,
            "description",
            "patents",
            "confirmed_current_at",
            "created_at",
        ]
        read_only_fields = fields


class InventorSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = DisclosureInventor
        fields = ["name", "user", "share", "position"]
        read_only_fields = fields


class PriorDisclosureSerializer(ReadOnlyModelSerializer):
    class Meta:
        model = PriorDisclosure
        fields = ["kind", "title", "venue", "date"]
        read_only_fields = fields


class DisclosureSerializer(ReadOnlyModelSerializer):
    """A confidential invention disclosure, for its submitter, inventors and TTO."""

    url = serializers.HyperlinkedIdentityField(view_name="api:disclosure-detail")
    institution = OrganizationBriefSerializer(read_only=True)
    inventors = InventorSerializer(many=True, read_only=True)

    class Meta:
        model = Disclosure
        fields = [
            "id",
            "url",
            "institution",
            "submitter",
            "title",
            "abstract",
            "development_stage",
            "status",
            "inventors",
            "submitted_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class DisclosureDetailSerializer(DisclosureSerializer):
    prior_disclosures = PriorDisclosureSerializer(many=True, read_only=True)

    class Meta(DisclosureSerializer.Meta):
        fields = [
            *DisclosureSerializer.Meta.fields,
            "description",
            "funding_sources",
            "commercial_ideas",
            "decline_reason",
            "prior_disclosures",
        ]
        read_only_fields = fields
