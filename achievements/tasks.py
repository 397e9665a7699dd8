"""Celery tasks: thin, take ids, idempotent; the work is in services."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="achievements.freshness_sweep")
def freshness_sweep() -> dict[str, int]:
    """Beat, every few hours: remind owners of stale listings, archive the overdue ones."""
    from achievements.services import achievement_freshness_archive, achievement_freshness_remind

    return {
        "reminded": achievement_freshness_remind(),
        "archived": achievement_freshness_archive(),
    }
