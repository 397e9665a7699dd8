"""Celery tasks for needs: thin and idempotent; the work is in needs/services.py."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="needs.expire_due")
def expire_due() -> int:
    """Beat, every hour: published needs whose deadline has passed become expired."""
    from needs.services import needs_expire_due

    return needs_expire_due()
