"""The moderation queue, decisions and abuse reports in the API: shapes only."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.api.organizations import OrganizationBriefSerializer
from moderation import registry
from moderation.models import AbuseReport
from moderation.queue import QueueItem
from portal.rest.inputs import InputModelSerializer, StrictCharField, StrictChoiceField


class ReasonSerializer(serializers.Serializer[Any]):
    reason = StrictCharField(
        max_length=4000,
        help_text="Why; required. Kept in the item's history and sent to its owners.",
    )


class OptionalReasonSerializer(serializers.Serializer[Any]):
    reason = StrictCharField(
        max_length=4000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why, if you wish; kept in the history.",
    )


def kind_choices() -> list[tuple[str, str]]:
    return [(moderated.key, str(moderated.label)) for moderated in registry.all_types()]


class ModeratedItemSerializer(serializers.Serializer[Any]):
    """An item of any moderated kind, as the queue and the decisions show it."""

    kind = serializers.CharField(help_text="The kind of item: achievement or need.")
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField(help_text="The item's state after the decision.")
    organization = OrganizationBriefSerializer(allow_null=True)

    @staticmethod
    def of(kind: str, target: Any) -> dict[str, Any]:
        moderated = registry.get(kind)
        return {
            "kind": kind,
            "id": target.pk,
            "title": moderated.title(target),
            "status": getattr(target, "status", ""),
            "organization": getattr(target, moderated.organization_field, None),
        }


class ReportSerializer(serializers.ModelSerializer[AbuseReport]):
    kind = serializers.SerializerMethodField(help_text="The kind of item reported.")
    item = serializers.IntegerField(source="object_id", help_text="Id of the item reported.")

    class Meta:
        model = AbuseReport
        fields = ["id", "kind", "item", "reason", "details", "status", "created_at", "resolved_at"]
        read_only_fields = fields

    def get_kind(self, report: AbuseReport) -> str:
        moderated = registry.for_model(report.content_type.model_class())  # type: ignore[arg-type]
        return moderated.key if moderated is not None else ""


class NewReportSerializer(InputModelSerializer):
    class Meta:
        model = AbuseReport
        fields = ["reason", "details"]


class ResolveReportSerializer(serializers.Serializer[Any]):
    outcome = StrictChoiceField(
        choices=[
            (AbuseReport.Status.DISMISSED, _("Dismiss: nothing wrong")),
            (AbuseReport.Status.RESOLVED, _("Resolved: handled with the owner")),
            (AbuseReport.Status.TAKEN_DOWN, _("Take the item down")),
        ],
        help_text="dismissed, resolved, or taken_down (the item is taken off the portal with the "
        "reason: a listing is archived, a need closed).",
    )
    reason = StrictCharField(max_length=4000, help_text="Why; required.")


class QueueEntrySerializer(ModeratedItemSerializer):
    queued_at = serializers.DateTimeField(help_text="When it entered the queue.")
    is_revision = serializers.BooleanField(
        help_text="A published listing whose changes wait for review (the live text stays)."
    )
    report = ReportSerializer(allow_null=True, help_text="For an abuse report: the report.")

    @staticmethod
    def entry(item: QueueItem) -> dict[str, Any]:
        return {
            **ModeratedItemSerializer.of(item.moderated.key, item.target),
            "organization": item.organization,
            "queued_at": item.queued_at,
            "is_revision": item.is_revision,
            "report": item.report,
        }


class QueueSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField(help_text="How many items wait (all are listed).")
    results = QueueEntrySerializer(many=True)


class QueueFilterSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(
        choices=[],
        required=False,
        allow_blank=True,
        help_text="Only this kind: a moderated kind, or report for abuse reports.",
    )
    institution = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text="Only items of this organisation (its id).",
    )
    older_than = serializers.IntegerField(
        required=False, min_value=1, max_value=3650, help_text="Only items waiting this many days."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from moderation.queue import REPORT_KIND

        self.fields["kind"].choices = [*kind_choices(), (REPORT_KIND, _("Abuse reports"))]  # type: ignore[attr-defined]
