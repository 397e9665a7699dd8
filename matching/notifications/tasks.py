"""Celery tasks of the outbox and the digests. Each takes ids or names and is idempotent."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from celery import Task, shared_task
from django.conf import settings

from matching.notifications.digests import digests_build
from matching.notifications.outbox import outbound_email_deliver, outbox_sweep

# A live worker must give up on a send well before the sweeper takes the claim back.
SEND_TIME_LIMIT = max(2.0, settings.OUTBOX_SENDING_TIMEOUT_SECONDS * 0.8)
SEND_SOFT_TIME_LIMIT = max(1.0, settings.OUTBOX_SENDING_TIMEOUT_SECONDS * 0.6)


@shared_task(
    name="matching.send_outbound_email",
    bind=True,
    ignore_result=True,
    max_retries=None,  # the row counts attempts and decides when to give up
    soft_time_limit=SEND_SOFT_TIME_LIMIT,
    time_limit=SEND_TIME_LIMIT,
)
def send_outbound_email(self: Task[Any, Any], email_id: int) -> str:
    """Send one outbox row. A second delivery of the same message finds the row claimed."""
    outcome = outbound_email_deliver(email_id=email_id)
    if outcome.retry_in is not None and not self.request.is_eager:
        # Celery schedules the next attempt; should that message be lost, the sweeper
        # enqueues the row once it is overdue. In-process (eager) runs leave it to the sweeper.
        raise self.retry(countdown=outcome.retry_in)
    return outcome.state


@shared_task(name="matching.sweep_outbox", ignore_result=True)
def sweep_outbox() -> dict[str, Any]:
    return asdict(outbox_sweep())


@shared_task(name="matching.build_digests", ignore_result=True)
def build_digests(period: str) -> int:
    return digests_build(period=period)
