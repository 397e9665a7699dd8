"""Inquiries, document requests and the funnel in the API: what is shown, what is accepted."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.api.organizations import OrganizationBriefSerializer
from achievements.models import Achievement
from deals.models import AccessRequest, Inquiry, Message, Nda
from deals.text import (
    MESSAGE_MAX_LENGTH,
    PURPOSE_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
)
from portal.rest.serializers import ReadOnlyModelSerializer

SLUG = r"^[-a-zA-Z0-9_]{1,80}$"


class ListingBriefSerializer(ReadOnlyModelSerializer):
    """The listing a thread or a request is about."""

    institution = OrganizationBriefSerializer(read_only=True)

    class Meta:
        model = Achievement
        fields = ["id", "title_zh", "title_en", "status", "institution"]
        read_only_fields = fields


def _person(user: Any) -> str | None:
    return None if user is None else str(user)


class MessageSerializer(ReadOnlyModelSerializer):
    author = serializers.SerializerMethodField(help_text="The author's name; null if deleted.")

    class Meta:
        model = Message
        fields = ["id", "side", "author", "body", "created_at"]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "nullable": True})
    def get_author(self, message: Message) -> str | None:
        return _person(message.author)


class InquirySerializer(ReadOnlyModelSerializer):
    """A thread between an enquirer and a listing's TTO, without its messages."""

    url = serializers.HyperlinkedIdentityField(view_name="api:inquiry-detail")
    achievement = ListingBriefSerializer(read_only=True)
    organization = OrganizationBriefSerializer(read_only=True, allow_null=True)
    sender = serializers.SerializerMethodField(help_text="The sender's name; null if deleted.")
    your_side = serializers.SerializerMethodField(
        help_text="The side the caller writes for: requester (the enquirer and colleagues), "
        "institution (the listing's TTO) or admin."
    )

    class Meta:
        model = Inquiry
        fields = [
            "id",
            "url",
            "achievement",
            "subject",
            "status",
            "sender",
            "organization",
            "your_side",
            "created_at",
            "last_message_at",
            "closed_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "nullable": True})
    def get_sender(self, inquiry: Inquiry) -> str | None:
        return _person(inquiry.sender)

    @extend_schema_field({"type": "string", "enum": list(Message.Side.values), "nullable": True})
    def get_your_side(self, inquiry: Inquiry) -> str | None:
        from deals.services import side_of

        request = self.context.get("request")
        return None if request is None else side_of(request.user, inquiry)


class InquiryDetailSerializer(InquirySerializer):
    messages = MessageSerializer(many=True, read_only=True)

    class Meta(InquirySerializer.Meta):
        fields = [*InquirySerializer.Meta.fields, "messages"]
        read_only_fields = fields


class OnBehalfField(serializers.RegexField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault(
            "help_text",
            "Short name (slug) of an organisation you are an active member of, to write on "
            "its behalf; its members then follow the thread too.",
        )
        super().__init__(SLUG, max_length=80, **kwargs)


class InquiryCreateSerializer(serializers.Serializer[Any]):
    achievement = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, help_text="Id of a published listing."
    )
    subject = serializers.CharField(max_length=SUBJECT_MAX_LENGTH)
    message = serializers.CharField(max_length=MESSAGE_MAX_LENGTH, help_text="Plain text.")
    organization = OnBehalfField()


class MessageCreateSerializer(serializers.Serializer[Any]):
    message = serializers.CharField(max_length=MESSAGE_MAX_LENGTH, help_text="Plain text.")


class NdaStateSerializer(serializers.Serializer[Any]):
    in_force = serializers.BooleanField(
        help_text="The institution has an NDA in force: approval waits for its acceptance."
    )
    version = serializers.IntegerField(allow_null=True, help_text="The version in force.")
    title = serializers.CharField(allow_null=True)
    accepted = serializers.BooleanField(
        help_text="The requester accepted the version in force for this request."
    )


class AccessRequestSerializer(ReadOnlyModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:access-request-detail")
    achievement = ListingBriefSerializer(read_only=True)
    organization = OrganizationBriefSerializer(read_only=True, allow_null=True)
    requester = serializers.SerializerMethodField(help_text="The requester's name.")
    documents_open = serializers.BooleanField(
        source="grants_access",
        read_only=True,
        help_text="The listing's confidential files are open to the requester now.",
    )
    nda = serializers.SerializerMethodField()

    class Meta:
        model = AccessRequest
        fields = [
            "id",
            "url",
            "achievement",
            "requester",
            "organization",
            "purpose",
            "status",
            "nda",
            "documents_open",
            "decided_at",
            "expires_at",
            "reason",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "nullable": True})
    def get_requester(self, request: AccessRequest) -> str | None:
        return _person(request.requester)

    @extend_schema_field(NdaStateSerializer)
    def get_nda(self, request: AccessRequest) -> dict[str, Any]:
        """From the annotations of deals.api.views.with_nda_state (no query per row)."""
        version = getattr(request, "nda_version", None)
        return {
            "in_force": version is not None,
            "version": version,
            "title": getattr(request, "nda_title", None),
            "accepted": bool(getattr(request, "nda_accepted", False)) and version is not None,
        }


class AccessRequestCreateSerializer(serializers.Serializer[Any]):
    achievement = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, help_text="Id of a published listing."
    )
    purpose = serializers.CharField(
        max_length=PURPOSE_MAX_LENGTH, help_text="What the documents are needed for."
    )
    organization = OnBehalfField(
        help_text="Short name (slug) of the organisation you work for (shown to the TTO)."
    )


class NdaSerializer(ReadOnlyModelSerializer):
    sha256 = serializers.CharField(source="text_sha256", read_only=True)

    class Meta:
        model = Nda
        fields = ["version", "title", "text", "sha256", "created_at"]
        read_only_fields = fields


class NdaAcceptSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="The version you read (GET …/nda/)."
    )
    signed_name = serializers.CharField(max_length=200, help_text="Your full name, as a signature.")
    agree = serializers.BooleanField(help_text="Must be true: you accept the agreement.")

    def validate_agree(self, value: bool) -> bool:
        if not value:
            from django.utils.translation import gettext as _

            raise serializers.ValidationError(_("You must accept the agreement."))
        return value


class ApproveSerializer(serializers.Serializer[Any]):
    expires_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Last day the documents can be opened; omitted or null: until revoked.",
    )


# --- the funnel ----------------------------------------------------------------------------------


class CountsSerializer(serializers.Serializer[Any]):
    views = serializers.IntegerField(help_text="Page views: one per visitor and day, no robots.")
    inquiries = serializers.IntegerField()
    access_requested = serializers.IntegerField(help_text="Document requests made.")
    ndas_accepted = serializers.IntegerField(help_text="NDA acceptances for those requests.")
    access_approved = serializers.IntegerField(help_text="Document requests approved.")
    outcomes = serializers.IntegerField(help_text="Deals signed (recorded outcomes).")


class WindowSerializer(serializers.Serializer[Any]):
    days = serializers.IntegerField()
    first_day = serializers.DateField()
    last_day = serializers.DateField()


class FunnelListingRowSerializer(serializers.Serializer[Any]):
    achievement = ListingBriefSerializer()
    counts = CountsSerializer()


class InstitutionFunnelSerializer(serializers.Serializer[Any]):
    institution = OrganizationBriefSerializer()
    window = WindowSerializer()
    totals = CountsSerializer()
    listings = FunnelListingRowSerializer(many=True)


class DailyViewsSerializer(serializers.Serializer[Any]):
    day = serializers.DateField()
    views = serializers.IntegerField()


class ListingFunnelSerializer(serializers.Serializer[Any]):
    achievement = ListingBriefSerializer()
    window = WindowSerializer()
    totals = CountsSerializer()
    daily_views = DailyViewsSerializer(many=True)
