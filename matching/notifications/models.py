"""Notifications, per-kind preferences and the email outbox: rows first, the queue carries ids."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matching.notifications.querysets import NotificationQuerySet, OutboundEmailQuerySet
from matching.notifications.vocabulary import Delivery, Kind


class OutboundEmail(models.Model):
    """One email the portal sends, written before anything is queued.

    The Celery task carries only the id. A worker claims the row by moving it from pending to
    sending with a conditional UPDATE, so two workers or a redelivered message cannot both
    send it; message_id is fixed when the row is created, so a resend after a crash in the
    moment between "SMTP accepted" and "row marked sent" carries the same Message-ID.
    """

    class Purpose(models.TextChoices):
        MESSAGE = "message", _("Message")  # queue_email(): verification, moderation results…
        NOTIFICATION = "notification", _("Notification")
        DIGEST = "digest", _("Digest")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    to = models.EmailField(_("recipient address"), max_length=254)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=10)
    template = models.CharField(_("template"), max_length=100)
    context = models.JSONField(_("context"), default=dict, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=200, unique=True)
    # Set for emails that must exist at most once (one digest per person and period, one
    # instant email per notification); a second attempt to create one finds the first.
    idempotency_key = models.CharField(
        _("idempotency key"), max_length=200, null=True, blank=True, unique=True
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    claim_token = models.UUIDField(_("claim token"), null=True, blank=True, editable=False)
    requeued_at = models.DateTimeField(_("re-queued by the sweeper"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outbound email")
        verbose_name_plural = _("email outbox")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The sweeper's and the health check's lookups touch only unsent rows.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state="pending"),
                name="outbox_pending_due",
            ),
            models.Index(
                fields=["claimed_at"],
                condition=Q(state="sending"),
                name="outbox_sending_claimed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} → {self.to} ({self.get_state_display()})"

    @staticmethod
    def new_message_id() -> str:
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "keqiao.localhost"
        return f"<{uuid.uuid4().hex}@{domain}>"


class Notification(models.Model):
    """Something a person should hear about: one row per (recipient, reason, object).

    The unique key makes a second notify() for the same event a no-op. delivery records the
    route chosen when the row was written (the person's preference, or the daily digest when
    the instant-email budget was spent); email_state follows the email side of that route.
    """

    class EmailState(models.TextChoices):
        NONE = "none", _("No email")
        WAITING = "waiting", _("Waiting for a digest")
        ATTACHED = "attached", _("In an outbound email")
        DROPPED = "dropped", _("Dropped: no longer visible to the recipient")
        SKIPPED = "skipped", _("Skipped: the recipient turned email off")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=80)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    delivery = models.CharField(_("delivery"), max_length=20, choices=Delivery.choices)
    over_budget = models.BooleanField(
        _("over the daily email budget"),
        default=False,
        help_text=_("Meant as an instant email, moved to the daily digest by the budget."),
    )
    email_state = models.CharField(
        _("email"), max_length=20, choices=EmailState.choices, default=EmailState.NONE
    )
    email = models.ForeignKey(
        OutboundEmail,
        verbose_name=_("outbound email"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "reason", "content_type", "object_id"],
                name="notification_once_per_recipient_reason_object",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            # The header's unread count: one index-only count over a small partial index.
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True) & ~Q(delivery="off"),
                name="notification_unread",
            ),
            models.Index(
                fields=["delivery", "created_at"],
                condition=Q(email_state="waiting"),
                name="notification_digest_waiting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.reason} → {self.recipient_id}"


class NotificationPreference(models.Model):
    """A person's choice for one kind; without a row the kind's default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    delivery = models.CharField(_("delivery"), max_length=20, choices=Delivery.choices)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.get_kind_display()}: {self.get_delivery_display()}"


class EmailOptOut(models.Model):
    """The person asked for no notification emails at all (inbox only, every kind).

    It covers kinds added later too, which is why it is a row of its own rather than a
    preference per kind. Messages a person cannot do without (address verification,
    moderation decisions sent with queue_email) are not notifications and still go out.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="email_opt_out",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification email opt-out")
        verbose_name_plural = _("notification email opt-outs")

    def __str__(self) -> str:
        return str(self.user_id)
