"""Counting listing page views for the funnel: cheap on the hot path, one per visitor a day.

A view is counted when a visitor opens a published listing's page: once per visitor and day
(a cache key remembers who was counted), never for the listing's own TTO or moderators, never
for robots (deals.visitors). Counting is one UPSERT on the (listing, day) row, run after the
page's transaction commits, so the counter row is locked only for that one statement. When the
cache or the counter fails, the page is served anyway and the view is simply not counted.
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from accounts.roles import AnyUser, is_moderator, tto_organization_ids
from achievements.models import Achievement
from deals.models import ListingViewDay

log = logging.getLogger(__name__)


def _seconds_left_today() -> int:
    now = timezone.localtime()
    tomorrow = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time.min)
    return int((timezone.make_aware(tomorrow) - now).total_seconds()) + 60


def listing_view_add(*, achievement_id: int, day: dt.date) -> None:
    """views + 1 on the listing's row for the day, created at 1 if missing: one statement."""
    table = connection.ops.quote_name(ListingViewDay._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (achievement_id, day, views) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (achievement_id, day) DO UPDATE SET views = {table}.views + 1",
            [achievement_id, day],
        )


def listing_view_record(*, achievement: Achievement, visitor: str, viewer: AnyUser) -> bool:
    """Count this visitor's view of the listing today, unless already counted; True if counted.

    `visitor` identifies the reader for the day (a user, a session, or a keyed hash of address
    and browser); it is used only as a cache key, never stored.
    """
    if achievement.status != Achievement.Status.PUBLISHED:
        return False
    if achievement.institution_id in tto_organization_ids(viewer) or is_moderator(viewer):
        return False  # the owners' and reviewers' own reading is not interest
    day = timezone.localdate()
    key = f"deals:viewed:{achievement.pk}:{day.isoformat()}:{visitor}"
    try:
        first_today = cache.add(key, 1, timeout=_seconds_left_today())
    except Exception:  # a cache outage must not break the listing page
        log.warning("listing view not counted: the cache is unavailable", exc_info=True)
        return False
    if not first_today:
        return False
    transaction.on_commit(
        partial(listing_view_add, achievement_id=achievement.pk, day=day), robust=True
    )
    return True
