"""Daily and weekly digests: one email per person and period, built so a crash loses nothing.

A period ends at a cutoff (NOTIFICATION_DIGEST_HOUR local time every day, or on Mondays). A
person's digest for a period is ONE outbox row with the idempotency key
``digest:<period>:<period key>:<user id>``, created in the same transaction that attaches the
notifications it covers (their email_state goes from waiting to attached). So:

- a worker killed while building leaves each person either with a complete digest row or
  with their notifications still waiting; running the build again finishes the rest;
- running the build twice (beat and the sweeper's catch-up, or a redelivered message) finds
  the existing rows and creates no second digest;
- sending is the outbox's business: claimed, retried, swept like every other email.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import CharField, Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from accounts.models import User
from matching.notifications.models import Notification, OutboundEmail
from matching.notifications.outbox import BROKER_ERRORS, outbound_email_create
from matching.notifications.preferences import preferences_of
from matching.notifications.vocabulary import DIGEST_PERIODS, Delivery

log = logging.getLogger(__name__)

Waiting = Notification.EmailState.WAITING
# After a cutoff the beat-scheduled build has this long before the sweeper starts one itself.
CATCH_UP_GRACE = timedelta(minutes=10)


def digest_cutoff(period: str, now: datetime) -> datetime:
    """The most recent end of a period at or before now."""
    local = timezone.localtime(now)
    cutoff = local.replace(
        hour=settings.NOTIFICATION_DIGEST_HOUR, minute=0, second=0, microsecond=0
    )
    if Delivery(period) == Delivery.DAILY:
        return cutoff if cutoff <= local else cutoff - timedelta(days=1)
    cutoff -= timedelta(days=local.weekday())  # Monday
    return cutoff if cutoff <= local else cutoff - timedelta(days=7)


def period_key(period: str, cutoff: datetime) -> str:
    """Names the period that ended at cutoff: 2026-05-04 (daily) or 2026-W19 (weekly)."""
    day = timezone.localtime(cutoff).date()
    if Delivery(period) == Delivery.DAILY:
        return day.isoformat()
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def digest_key_prefix(period: str, cutoff: datetime) -> str:
    return f"digest:{period}:{period_key(period, cutoff)}:"


def _due(period: str, cutoff: datetime) -> QuerySet[Notification]:
    return Notification.objects.filter(email_state=Waiting, delivery=period, created_at__lt=cutoff)


def digests_build(*, period: str, now: datetime | None = None) -> int:
    """Build every digest due for the period that ended last; returns how many were created."""
    if period not in DIGEST_PERIODS:
        raise ValueError(f"unknown digest period {period!r}")
    cutoff = digest_cutoff(period, now or timezone.now())
    recipient_ids = sorted(set(_due(period, cutoff).values_list("recipient_id", flat=True)))
    created = 0
    for recipient_id in recipient_ids:
        if digest_build_for(recipient_id=recipient_id, period=period, cutoff=cutoff) is not None:
            created += 1
    log.info("%s digests for %s: %s created", period, period_key(period, cutoff), created)
    return created


def digest_build_for(*, recipient_id: int, period: str, cutoff: datetime) -> OutboundEmail | None:
    """One person's digest for one period: the row and its notifications in one transaction."""
    key = digest_key_prefix(period, cutoff) + str(recipient_id)
    try:
        with transaction.atomic():
            if OutboundEmail.objects.filter(idempotency_key=key).exists():
                return None  # built already; anything still waiting goes in the next one
            # skip_locked: a concurrent build holding these rows is building this very digest.
            due = list(
                _due(period, cutoff)
                .filter(recipient_id=recipient_id)
                .select_for_update(skip_locked=True)
                .only("pk", "kind")
            )
            if not due:
                return None
            recipient = User.objects.get(pk=recipient_id)
            choices = preferences_of(recipient)
            wanted = [n.pk for n in due if recipient.is_active and choices.email_wanted(n.kind)]
            unwanted = {n.pk for n in due} - set(wanted)
            Notification.objects.filter(pk__in=unwanted).update(
                email_state=Notification.EmailState.SKIPPED
            )
            if not wanted:
                return None
            email = outbound_email_create(
                purpose=OutboundEmail.Purpose.DIGEST,
                to=recipient.email,
                recipient=recipient,
                language=recipient.preferred_language,
                template="digest",
                context={"period": period, "period_key": period_key(period, cutoff)},
                idempotency_key=key,
            )
            Notification.objects.filter(pk__in=wanted).update(
                email_state=Notification.EmailState.ATTACHED, email=email
            )
            return email
    except IntegrityError:
        # A concurrent build inserted the same key first and its transaction won.
        return None


def enqueue_missed_digest_builds(*, now: datetime) -> list[str]:
    """Start a build for a period whose digests are overdue (beat missed it, a worker died)."""
    from matching.notifications.tasks import build_digests

    started = []
    for period in DIGEST_PERIODS:
        cutoff = digest_cutoff(period, now)
        if now < cutoff + CATCH_UP_GRACE:
            continue
        prefix = digest_key_prefix(period, cutoff)
        without_digest = (
            _due(period, cutoff)
            .annotate(
                built=Exists(
                    OutboundEmail.objects.filter(
                        idempotency_key=Concat(
                            Value(prefix), Cast(OuterRef("recipient_id"), CharField())
                        )
                    )
                )
            )
            .filter(built=False)
        )
        if without_digest.exists():
            try:
                build_digests.delay(str(period))
            except BROKER_ERRORS as error:  # the broker is down; the next sweep tries again
                log.warning("could not start the missed %s digest build: %s", period, error)
                continue
            started.append(str(period))
    return started
