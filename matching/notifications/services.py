"""Telling people things: notify(), and marking notifications read."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import AnyUser
from matching.notifications.models import Notification, OutboundEmail
from matching.notifications.outbox import outbound_email_create
from matching.notifications.preferences import delivery_for
from matching.notifications.targets import NotificationNotAllowed, is_visible
from matching.notifications.vocabulary import DIGEST_PERIODS, Delivery, Kind

REASON_PATTERN = re.compile(r"^[a-z0-9][a-z0-9:._-]{0,79}$")
PAYLOAD_LIMIT_BYTES = 4096
# pg_advisory_xact_lock(class, id): serialises one person's budget check, nobody else's.
BUDGET_LOCK_CLASS = 0x6B71


def notify(
    *,
    recipient: User,
    kind: str,
    reason: str,
    target: models.Model,
    payload: dict[str, Any] | None = None,
) -> Notification:
    """Tell recipient about target. Calling it again for the same event returns the first row.

    - kind: a ``Kind`` value ("match", "saved-search", "moderation", …); the recipient's
      preference for the kind decides instant email, daily or weekly digest, inbox only, off.
    - reason: why, as a short slug; (recipient, reason, target) is unique, so put in the
      reason whatever makes a repeat a *new* event ("match", "saved-search:17",
      "listing-reminder:2026-05").
    - target: what it is about; its model needs a ``visible_to(user)`` queryset method, and
      the recipient must be able to see it (else NotificationNotAllowed).
    - payload: small JSON for rendering (≤ 4 KB): title / title_zh / title_en, summary /
      summary_zh / summary_en, url (a path on this site). ``targets.payload_for(target)``
      builds the usual one. Only things the recipient may see; emails never show titles of
      confidential targets.

    Call it inside the transaction that makes the event true: the instant email is a row in
    the same transaction and is enqueued only after the commit.
    """
    kind = Kind(kind)
    if not REASON_PATTERN.match(reason):
        raise ValueError(f"reason must be a short lower-case slug, not {reason!r}")
    payload = dict(payload or {})
    if len(json.dumps(payload, ensure_ascii=False).encode()) > PAYLOAD_LIMIT_BYTES:
        raise ValueError(f"payload is larger than {PAYLOAD_LIMIT_BYTES} bytes")
    if target.pk is None:
        raise ValueError("target must be saved before notifying about it")
    content_type = ContentType.objects.get_for_model(target)
    key = {
        "recipient": recipient,
        "reason": reason,
        "content_type": content_type,
        "object_id": target.pk,
    }
    with transaction.atomic():
        existing = Notification.objects.filter(**key).first()
        if existing is not None:
            return existing
        if not is_visible(user=recipient, target=target):
            raise NotificationNotAllowed(
                f"user {recipient.pk} may not see {content_type.app_label}.{content_type.model} "
                f"{target.pk}"
            )
        delivery = delivery_for(user=recipient, kind=kind)
        over_budget = delivery == Delivery.INSTANT and _instant_budget_spent(recipient)
        if over_budget:
            delivery = Delivery.DAILY
        notification, created = Notification.objects.get_or_create(
            **key,
            defaults={
                "kind": kind,
                "payload": payload,
                "delivery": delivery,
                "over_budget": over_budget,
                "email_state": (
                    Notification.EmailState.WAITING
                    if delivery in DIGEST_PERIODS
                    else Notification.EmailState.NONE
                ),
            },
        )
        if created and delivery == Delivery.INSTANT:
            notification.email = outbound_email_create(
                purpose=OutboundEmail.Purpose.NOTIFICATION,
                to=recipient.email,
                recipient=recipient,
                language=recipient.preferred_language,
                template="notification",
                context={},
                idempotency_key=f"notification:{notification.pk}",
            )
            notification.email_state = Notification.EmailState.ATTACHED
            notification.save(update_fields=["email", "email_state"])
    return notification


def _instant_budget_spent(recipient: User) -> bool:
    """Has the recipient had their NOTIFICATION_EMAIL_DAILY_BUDGET in the last 24 hours?

    Holds a transaction-scoped advisory lock on the recipient, so two notifications written
    at the same moment cannot both take the last place in the budget.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)", [BUDGET_LOCK_CLASS, recipient.pk & 0x7FFFFFFF]
        )
    since = timezone.now() - timedelta(hours=24)
    spent = Notification.objects.instant_emails_since(recipient_id=recipient.pk, since=since)
    return spent.count() >= settings.NOTIFICATION_EMAIL_DAILY_BUDGET


def notification_mark_read(*, user: AnyUser, notification_id: int) -> Notification:
    """Mark one of the user's own notifications read; someone else's is DoesNotExist."""
    notification = Notification.objects.visible_to(user).get(pk=notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: AnyUser) -> int:
    """Mark all the user's unread notifications read; returns how many."""
    return Notification.objects.visible_to(user).unread().update(read_at=timezone.now())
