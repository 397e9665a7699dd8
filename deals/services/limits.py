"""Daily limits against spam: a person may start only so many threads and requests a day."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils import timezone

from accounts.models import User

WINDOW = timedelta(hours=24)


class DailyLimitReached(ValidationError):
    """The person has used up their allowance for the last 24 hours; retry_after in seconds."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, code="daily_limit")
        self.retry_after = retry_after


def check_daily_limit(
    *, actor: User, recent: models.QuerySet[Any], limit: int, lock_class: int, message: str
) -> None:
    """Refuse when `recent` (the actor's rows, with a created_at) holds `limit` rows of the last
    24 hours. Call it inside the transaction that writes the new row: the advisory lock makes
    two simultaneous requests of one person count one after the other."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [lock_class, actor.pk & 0x7FFFFFFF])
    now = timezone.now()
    times = list(
        recent.filter(created_at__gte=now - WINDOW)
        .order_by("created_at")
        .values_list("created_at", flat=True)[:limit]
    )
    if len(times) >= limit:
        wait = int((times[0] + WINDOW - now).total_seconds()) + 1
        raise DailyLimitReached(message % {"limit": limit}, retry_after=max(wait, 1))
