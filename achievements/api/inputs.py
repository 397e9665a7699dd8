"""What the API accepts for listings and disclosures: validation and shaping only.

These serializers never save anything. A view validates the request body with one of them and
hands the values to the service the pages call (achievement_save, disclosure_save), which
checks who may act, guards the state and writes the audit log.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from achievements.models import Achievement, Disclosure, Patent, PriorDisclosure
from achievements.services import DisclosureInventorData, InventorData, PriorDisclosureData
from achievements.services.disclosures import inventors_from
from experts.models import Expert
from portal.rest.inputs import (
    InputModelSerializer,
    StrictCharField,
    StrictChoiceField,
    StrictDecimalField,
    StrictEmailField,
    StrictPrimaryKeyRelatedField,
    TaxonomyInputSerializer,
)
from portal.vocabulary import TransferMode

# The listing's own columns that the API writes (fields, patents and inventors go separately).
LISTING_COLUMNS = (
    "title_zh",
    "title_en",
    "summary_zh",
    "summary_en",
    "description",
    "keywords",
    "trl",
    "development_stage",
    "ip_status",
    "transfer_modes",
    "price_negotiable",
    "price_min",
    "price_max",
    "currency",
    "contact_name",
    "contact_email",
    "contact_phone",
)
DISCLOSURE_COLUMNS = (
    "title",
    "abstract",
    "description",
    "development_stage",
    "funding_sources",
    "commercial_ideas",
)


class PatentInputSerializer(InputModelSerializer):
    class Meta:
        model = Patent
        fields = ["number", "jurisdiction", "kind", "status", "title", "filing_date", "grant_date"]

    def to_internal_value(self, data: Any) -> dict[str, str]:
        """In the service's vocabulary: every value a string, dates ISO or ""."""
        values = super().to_internal_value(data)

        def iso(value: dt.date | None) -> str:
            return value.isoformat() if value else ""

        return {
            "number": values["number"].strip(),
            "jurisdiction": values.get("jurisdiction", Patent.Jurisdiction.CN),
            "kind": values.get("kind", Patent.Kind.INVENTION),
            "status": values.get("status", Patent.Status.FILED),
            "title": values.get("title", ""),
            "filing_date": iso(values.get("filing_date")),
            "grant_date": iso(values.get("grant_date")),
        }


@extend_schema_field(OpenApiTypes.INT)
class VisibleExpertField(StrictPrimaryKeyRelatedField):
    """An expert profile the caller may see (others are "not found", like missing ones)."""

    def get_queryset(self) -> Any:
        return Expert.objects.visible_to(self.context["request"].user)


class ListingInventorInputSerializer(serializers.Serializer[Any]):
    name = StrictCharField(max_length=100)
    expert = VisibleExpertField(
        required=False,
        allow_null=True,
        help_text="Id of the inventor's expert profile. Left out, a profile at the same "
        "institution with exactly this name is linked when there is one.",
    )

    def to_internal_value(self, data: Any) -> InventorData:
        values = super().to_internal_value(data)
        return InventorData(name=values["name"].strip(), expert=values.get("expert"))


class AchievementInputSerializer(TaxonomyInputSerializer):
    """A listing as the editor writes it. On update (PATCH), only the keys sent change.

    fields, patents and inventors replace the listing's whole list when sent. On a published
    listing, changes to the title, summary, description, price or IP wait for a moderator.
    """

    transfer_modes = serializers.ListField(
        child=StrictChoiceField(choices=TransferMode.choices),
        required=False,
        max_length=len(TransferMode.choices),
    )
    keywords = serializers.ListField(
        child=StrictCharField(max_length=60), required=False, max_length=50
    )
    patents = serializers.ListField(child=PatentInputSerializer(), required=False, max_length=100)
    inventors = serializers.ListField(
        child=ListingInventorInputSerializer(), required=False, max_length=100
    )

    class Meta:
        model = Achievement
        fields = [*LISTING_COLUMNS, "fields", "patents", "inventors"]
        validators: list[Any] = []  # the service validates the whole listing

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        def value(name: str) -> Any:
            return self.current(data, name)

        if not (value("title_zh") or value("title_en")):
            raise serializers.ValidationError(
                {"title_zh": [_("Give a title in Chinese, in English, or both.")]}
            )
        low, high = value("price_min"), value("price_max")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError(
                {"price_max": [_("The upper price must not be below the lower one.")]}
            )
        return data

    def changes(self) -> dict[str, Any]:
        """The keyword arguments of achievement_save: None where nothing was sent."""
        data = self.validated_data
        return {
            "values": {name: data[name] for name in LISTING_COLUMNS if name in data},
            "fields": data.get("fields"),
            "patents": data.get("patents"),
            "inventors": data.get("inventors"),
        }


class NewAchievementSerializer(AchievementInputSerializer):
    """A new draft listing: the institution (whose TTO the caller works in), and anything of
    the listing that is already known; a title in at least one language."""

    class Meta(AchievementInputSerializer.Meta):
        fields = ["institution", *AchievementInputSerializer.Meta.fields]
        extra_kwargs = {"institution": {"help_text": "Id of the institution the listing is for."}}


class DisclosureInventorInputSerializer(serializers.Serializer[Any]):
    name = StrictCharField(max_length=100)
    email = StrictEmailField(
        required=False,
        allow_blank=True,
        help_text="An inventor with an account under this address can see the disclosure.",
    )
    share = StrictDecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
        help_text="Contribution in percent; the shares must add up to 100 before submitting.",
    )


class PriorDisclosureInputSerializer(InputModelSerializer):
    class Meta:
        model = PriorDisclosure
        fields = ["kind", "title", "venue", "date"]

    def to_internal_value(self, data: Any) -> PriorDisclosureData:
        values = super().to_internal_value(data)
        return PriorDisclosureData(
            kind=values["kind"],
            title=values["title"],
            venue=values.get("venue", ""),
            date=values["date"],
        )


class DisclosureInputSerializer(InputModelSerializer):
    """A draft disclosure as its submitter writes it. On update, only the keys sent change;
    inventors and prior_disclosures replace the whole list when sent."""

    inventors = serializers.ListField(
        child=DisclosureInventorInputSerializer(), required=False, max_length=100
    )
    prior_disclosures = serializers.ListField(
        child=PriorDisclosureInputSerializer(), required=False, max_length=100
    )

    class Meta:
        model = Disclosure
        fields = [*DISCLOSURE_COLUMNS, "inventors", "prior_disclosures"]
        validators: list[Any] = []

    def changes(self) -> dict[str, Any]:
        """The keyword arguments of disclosure_save: None where nothing was sent. Inventors
        with an account (found by email) are linked to it."""
        data = self.validated_data
        rows: list[DisclosureInventorData] | None = None
        if "inventors" in data:
            rows = inventors_from(data["inventors"])
        return {
            "values": {name: data[name] for name in DISCLOSURE_COLUMNS if name in data},
            "inventors": rows,
            "prior_disclosures": data.get("prior_disclosures"),
        }


class NewDisclosureSerializer(DisclosureInputSerializer):
    """A new draft disclosure to an institution the caller is a member of."""

    class Meta(DisclosureInputSerializer.Meta):
        fields = ["institution", *DisclosureInputSerializer.Meta.fields]
        extra_kwargs = {
            "institution": {"help_text": "Id of the institution whose TTO receives it."}
        }
