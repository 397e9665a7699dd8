"""Achievements, their patents, and disclosures in the API."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.api.organizations import OrganizationBriefSerializer
from achievements.models import (
    Achievement,
    AchievementRevision,
    Disclosure,
    DisclosureInventor,
    Patent,
    PriorDisclosure,
)
from achievements.quality import assess
from achievements.services.listings import open_revision
from portal.api.serializers import with_fields
from portal.rest.serializers import ReadOnlyModelSerializer
from portal.vocabulary import ContentLanguage, Currency, IPStatus


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


class RevisionValuesSerializer(serializers.Serializer[Any]):
    """The reviewed part of a listing as proposed: prices as strings ("" for none)."""

    title_zh = serializers.CharField()
    title_en = serializers.CharField()
    summary_zh = serializers.CharField()
    summary_en = serializers.CharField()
    description = serializers.CharField()
    price_negotiable = serializers.BooleanField()
    price_min = serializers.CharField()
    price_max = serializers.CharField()
    currency = serializers.ChoiceField(choices=Currency.choices)
    ip_status = serializers.ChoiceField(choices=IPStatus.choices)
    patents = PatentSerializer(many=True)


class PendingRevisionSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=AchievementRevision.Status.choices)
    submitted_at = serializers.DateTimeField(allow_null=True)
    values = RevisionValuesSerializer(source="data")


class QualityHintSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    message = serializers.CharField()


class QualitySerializer(serializers.Serializer[Any]):
    score = serializers.IntegerField(min_value=0, max_value=100)
    hints = QualityHintSerializer(many=True)


class AchievementManageSerializer(AchievementDetailSerializer):
    """A listing as its TTO (and the moderators) work on it: the detail, plus the contact, the
    changes waiting for review on a published listing (the live text stays until approved)
    and the listing-quality check. The answer to every write on a listing."""

    pending_revision = serializers.SerializerMethodField()
    quality = serializers.SerializerMethodField()

    class Meta(AchievementDetailSerializer.Meta):
        fields = [
            *AchievementDetailSerializer.Meta.fields,
            "contact_name",
            "contact_email",
            "contact_phone",
            "submitted_at",
            "pending_revision",
            "quality",
        ]
        read_only_fields = fields

    @extend_schema_field(PendingRevisionSerializer(allow_null=True))
    def get_pending_revision(self, listing: Achievement) -> dict[str, Any] | None:
        revision = open_revision(listing)
        return None if revision is None else dict(PendingRevisionSerializer(revision).data)

    @extend_schema_field(QualitySerializer)
    def get_quality(self, listing: Achievement) -> dict[str, Any]:
        quality = assess(listing)
        return {
            "score": quality.score,
            "hints": [{"code": h.code, "message": str(h.message)} for h in quality.hints],
        }


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
