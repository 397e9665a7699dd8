"""Reads for notifications and the email outbox."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Min
from django.utils import timezone

from accounts.roles import AnyUser
from matching.notifications.vocabulary import Delivery

if TYPE_CHECKING:  # the models import these querysets; the reverse is for typing only
    from matching.notifications.models import Notification, OutboundEmail  # noqa: F401


# What can be done to a notification: both belong to its recipient alone (tests/permissions).
NOTIFICATION_ACTIONS = ("view", "mark_read")


class NotificationQuerySet(models.QuerySet["Notification"]):
    def restrict(self, user: AnyUser, action: str) -> NotificationQuerySet:
        """The permission matrix's entry point: every action is the recipient's own."""
        from accounts.permissions import UnknownAction

        if action not in NOTIFICATION_ACTIONS:
            raise UnknownAction(
                f"Notification has no action {action!r} ({', '.join(NOTIFICATION_ACTIONS)})"
            )
        return self.visible_to(user)

    def visible_to(self, user: AnyUser) -> NotificationQuerySet:
        """A person sees their own notifications, except the kinds they switched off.

        Nobody else sees them, staff included: the admin site is the place for support work.
        """
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user).exclude(delivery=Delivery.OFF)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def instant_emails_since(self, *, recipient_id: int, since: datetime) -> NotificationQuerySet:
        """The recipient's notifications that went out as an instant email (the budget)."""
        return self.filter(
            recipient_id=recipient_id, delivery=Delivery.INSTANT, created_at__gte=since
        )


class OutboundEmailQuerySet(models.QuerySet["OutboundEmail"]):
    def pending(self) -> OutboundEmailQuerySet:
        return self.filter(state="pending")

    def stuck_sending(self, *, timeout: timedelta) -> OutboundEmailQuerySet:
        """Claimed longer ago than any live worker may take: that worker is gone."""
        return self.filter(state="sending", claimed_at__lt=timezone.now() - timeout)

    def oldest_pending_age(self) -> float | None:
        """Seconds since the oldest unsent email was queued, None when nothing waits."""
        oldest = self.pending().aggregate(oldest=Min("created_at"))["oldest"]
        if oldest is None:
            return None
        return max(0.0, (timezone.now() - oldest).total_seconds())
