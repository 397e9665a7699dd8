"""Admin for the outbox and notifications: mostly read-only, with "send again" for failures."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from matching.matches.models import Match, MatchFeedback
from matching.notifications.models import (
    EmailOptOut,
    Notification,
    NotificationPreference,
    OutboundEmail,
)
from matching.notifications.outbox import enqueue_after_commit


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["id", "to", "purpose", "state", "attempts", "created_at", "sent_at", "subject"]
    list_filter = ["state", "purpose", "language"]
    search_fields = ["to", "message_id", "idempotency_key", "subject"]
    date_hierarchy = "created_at"
    raw_id_fields = ["recipient"]
    actions = ["send_again"]
    readonly_fields = [field.name for field in OutboundEmail._meta.get_fields() if field.concrete]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # emails are written by queue_email() and notify(), never by hand

    @admin.action(description=_("Send the selected failed or cancelled emails again"))
    def send_again(self, request: HttpRequest, queryset: QuerySet[OutboundEmail]) -> None:
        retry = queryset.filter(
            state__in=[OutboundEmail.State.FAILED, OutboundEmail.State.CANCELLED]
        )
        ids = list(retry.values_list("pk", flat=True))
        retry.update(state=OutboundEmail.State.PENDING, attempts=0, next_attempt_at=timezone.now())
        for email_id in ids:
            enqueue_after_commit(email_id)
        self.message_user(
            request,
            ngettext(
                "%(count)d email will be sent again.",
                "%(count)d emails will be sent again.",
                len(ids),
            )
            % {"count": len(ids)},
            messages.SUCCESS,
        )


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "recipient",
        "kind",
        "reason",
        "content_type",
        "object_id",
        "delivery",
        "email_state",
        "created_at",
        "read_at",
    ]
    list_filter = ["kind", "delivery", "email_state", "over_budget"]
    search_fields = ["recipient__email", "reason"]
    date_hierarchy = "created_at"
    raw_id_fields = ["recipient", "email"]
    list_select_related = ["recipient", "content_type"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # notify() is the only way in: it decides delivery and the budget


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "delivery", "updated_at"]
    list_filter = ["kind", "delivery"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]


@admin.register(EmailOptOut)
class EmailOptOutAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]


# --- Saved searches ------------------------------------------------------------------------------
from matching.saved_searches.models import SavedSearch  # noqa: E402  (a block of its own)


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    """Support work: see what runs and when; the owner changes them on the portal."""

    list_display = ["id", "name", "owner", "frequency", "last_run_at", "next_run_at"]
    list_filter = ["frequency"]
    search_fields = ["name", "query", "owner__email"]
    raw_id_fields = ["owner"]
    readonly_fields = ["claim_token", "created_at", "updated_at", "last_run_at"]


# --- Matches (docs/matching.md): read-only; the engine writes them, people give feedback ------


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "need", "achievement", "expert", "score", "computed_at"]
    list_filter = ["kind", "engine_version"]
    search_fields = ["need__title", "achievement__title_en", "achievement__title_zh"]
    raw_id_fields = ["need", "achievement", "expert"]
    readonly_fields = ["kind", "score", "parts", "engine_version", "found_at", "computed_at"]
    list_select_related = ["need", "achievement", "expert"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the match engine writes matches


@admin.register(MatchFeedback)
class MatchFeedbackAdmin(admin.ModelAdmin):
    list_display = ["id", "match", "user", "verdict", "reason", "updated_at"]
    list_filter = ["verdict", "reason"]
    search_fields = ["user__email"]
    raw_id_fields = ["match", "user"]
    readonly_fields = ["created_at", "updated_at"]
