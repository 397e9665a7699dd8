"""Matches in the API: both sides in brief, the score, its parts and the caller's verdict."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.api.organizations import OrganizationBriefSerializer
from achievements.models import Achievement
from experts.models import Expert
from matching.matches.models import Match, MatchFeedback
from matching.matches.why import explain
from needs.models import Need
from portal.rest.serializers import ReadOnlyModelSerializer


class MatchNeedSerializer(ReadOnlyModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:need-detail")
    organization = OrganizationBriefSerializer(read_only=True)

    class Meta:
        model = Need
        fields = ["id", "url", "title", "organization"]
        read_only_fields = fields


class MatchListingSerializer(ReadOnlyModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:achievement-detail")
    institution = OrganizationBriefSerializer(read_only=True)

    class Meta:
        model = Achievement
        fields = ["id", "url", "title_zh", "title_en", "institution"]
        read_only_fields = fields


class MatchExpertSerializer(ReadOnlyModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:expert-detail")

    class Meta:
        model = Expert
        fields = ["id", "url", "name_zh", "name_en"]
        read_only_fields = fields


class ReasonSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(help_text="The part's name in parts: text, fields, trl, …")
    label = serializers.CharField(  # type: ignore[assignment]  # a field, not Field.label
        help_text="The part in the caller's language."
    )
    detail = serializers.CharField(
        help_text='What the sides share ("Materials engineering"); may be empty.'
    )
    value = serializers.FloatField(help_text="The part's contribution (negative: lowers it).")
    percent = serializers.IntegerField(help_text="Its share of the positive parts, 0–100.")


class FeedbackSerializer(serializers.Serializer[Any]):
    verdict = serializers.ChoiceField(choices=MatchFeedback.Verdict.choices)
    reason = serializers.ChoiceField(
        choices=MatchFeedback.Reason.choices,
        allow_blank=True,
        required=False,
        default="",
        help_text="Why it was dismissed (required then); empty or left out for useful.",
    )


class MatchSerializer(ReadOnlyModelSerializer):
    """One match. ``parts`` are the named parts whose sum is ``score``; ``why`` says them in
    the caller's language (Accept-Language or their preferred language)."""

    url = serializers.HyperlinkedIdentityField(view_name="api:match-detail")
    need = MatchNeedSerializer(read_only=True, allow_null=True)
    achievement = MatchListingSerializer(read_only=True, allow_null=True)
    expert = MatchExpertSerializer(read_only=True, allow_null=True)
    parts = serializers.SerializerMethodField()
    why = serializers.SerializerMethodField()
    your_feedback = serializers.SerializerMethodField(
        help_text="The caller's own verdict on this match; null when they gave none."
    )

    class Meta:
        model = Match
        fields = [
            "id",
            "url",
            "kind",
            "need",
            "achievement",
            "expert",
            "score",
            "parts",
            "why",
            "your_feedback",
            "engine_version",
            "found_at",
            "computed_at",
        ]
        read_only_fields = fields

    @extend_schema_field(
        {
            "type": "object",
            "additionalProperties": {"type": "number"},
            "description": "Named parts of the score (text, fields, trl, mode, region, "
            "feedback); they sum to score.",
        }
    )
    def get_parts(self, match: Match) -> dict[str, float]:
        parts = match.parts if isinstance(match.parts, dict) else {}
        return {
            name: float(value)
            for name, value in parts.items()
            if isinstance(value, int | float) and not isinstance(value, bool)
        }

    @extend_schema_field(ReasonSerializer(many=True))
    def get_why(self, match: Match) -> list[dict[str, Any]]:
        return [
            {
                "name": reason.name,
                "label": reason.label,
                "detail": reason.detail,
                "value": reason.value,
                "percent": reason.percent,
            }
            for reason in explain(match)
        ]

    @extend_schema_field(FeedbackSerializer(allow_null=True))
    def get_your_feedback(self, match: Match) -> dict[str, str] | None:
        verdict = getattr(match, "my_verdict", None)
        if not verdict:
            return None
        return {"verdict": verdict, "reason": getattr(match, "my_reason", "") or ""}


class ReasonCountSerializer(serializers.Serializer[Any]):
    reason = serializers.ChoiceField(choices=MatchFeedback.Reason.choices)
    label = serializers.CharField(  # type: ignore[assignment]  # a field, not Field.label
        help_text="The reason in the caller's language."
    )
    count = serializers.IntegerField(min_value=0)


class ListingDismissalsSerializer(serializers.Serializer[Any]):
    achievement = serializers.IntegerField(help_text="The listing's id.")
    total = serializers.IntegerField(min_value=1)
    counts = serializers.DictField(
        child=serializers.IntegerField(min_value=0), help_text="Dismissals by reason."
    )


class DismissalsSerializer(serializers.Serializer[Any]):
    """How often enterprises dismissed the caller's TTO's listings: counts only, never who."""

    reasons = ReasonCountSerializer(many=True)
    listings = ListingDismissalsSerializer(many=True)
