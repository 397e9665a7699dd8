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


@shared_task(name="achievements.check_import")
def check_import(job_id: int) -> str:
    from achievements.services.imports import import_job_check

    return import_job_check(job_id=job_id).status


@shared_task(name="achievements.run_import")
def run_import(job_id: int) -> str:
    from achievements.services.imports import import_job_run

    return import_job_run(job_id=job_id).status


@shared_task(name="achievements.import_sweep")
def import_sweep() -> int:
    from achievements.services.imports import import_sweep as sweep

    return sweep()
