"""Keeping published listings current: remind the owner, then archive if nobody confirms.

Both steps claim each listing with a conditional UPDATE, so a second run (or two workers at
once) never sends a second reminder or archives twice. The owners hear about both through
notifications of kind "reminder" (their inbox, and email as they chose: by default the weekly
digest), worded by templates/email/notification_messages/reminder.txt.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from achievements.models import Achievement
from achievements.selectors import listing_owners
from matching.notifications.services import notify
from matching.notifications.targets import payload_for
from matching.notifications.vocabulary import Kind
from moderation.workflow import transition

S = Achievement.Status


def remind_after() -> dt.timedelta:
    # A month counted as 30 days: the reminder is a nudge, not a contract date.
    return dt.timedelta(days=30 * settings.KEQIAO_FRESHNESS_REMIND_MONTHS)


def grace() -> dt.timedelta:
    return dt.timedelta(days=settings.KEQIAO_FRESHNESS_GRACE_DAYS)


def achievement_freshness_remind(*, now: dt.datetime | None = None) -> int:
    """Remind the owners of listings not confirmed for N months; returns how many were reminded."""
    now = now or timezone.now()
    stale = (
        Achievement.objects.filter(status=S.PUBLISHED, freshness_reminded_at__isnull=True)
        .annotate(confirmed=Coalesce("confirmed_current_at", "published_at"))
        .filter(confirmed__lte=now - remind_after())
    )
    reminded = 0
    for achievement in stale.select_related("institution"):
        claimed = Achievement.objects.filter(
            pk=achievement.pk, status=S.PUBLISHED, freshness_reminded_at__isnull=True
        ).update(freshness_reminded_at=now)
        if not claimed:
            continue
        reminded += 1
        deadline = timezone.localdate(now + grace())
        _tell_owners(
            achievement,
            # One reminder per claim: the next period's reminder is a new notification.
            reason=f"freshness:reminder:{now:%Y%m%d%H%M%S}",
            payload={"event": "reminder", "deadline": deadline.isoformat()},
        )
    return reminded


def achievement_freshness_archive(*, now: dt.datetime | None = None) -> int:
    """Archive listings whose owners were reminded and did not confirm within the grace period."""
    now = now or timezone.now()
    overdue = Achievement.objects.filter(
        status=S.PUBLISHED, freshness_reminded_at__lte=now - grace()
    ).filter(
        Q(confirmed_current_at__isnull=True)
        | Q(confirmed_current_at__lt=F("freshness_reminded_at"))
    )
    archived = 0
    reason = _("Not confirmed as current within the grace period after the reminder.")

    def tell_owners(listing: Achievement) -> None:
        nonlocal archived
        archived += 1
        _tell_owners(listing, reason="freshness:archived", payload={"event": "archived"})

    for achievement in overdue:
        transition(
            achievement,
            actor=None,
            action="archive_stale",
            allowed_from=[S.PUBLISHED],
            to_state=S.ARCHIVED,
            reason=reason,
            on_change=tell_owners,
        )
    return archived


def _tell_owners(listing: Achievement, *, reason: str, payload: dict[str, str]) -> None:
    for owner in listing_owners(listing):
        notify(
            recipient=owner,
            kind=Kind.REMINDER,
            reason=reason,
            target=listing,
            payload={
                **payload_for(listing),
                "url": reverse("achievement-detail", args=[listing.pk]),
                **payload,
            },
        )
