"""Celery finds an app's tasks in this module; the notification tasks live with their code.

The match tasks take ids, call the engine's service and are idempotent: a second delivery
recomputes the same lists and finds nothing new.
"""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from matching.engine.services import match_chunk as engine_match_chunk
from matching.engine.services import match_listing
from matching.engine.services import rematch_all as engine_rematch_all
from matching.notifications.tasks import build_digests, send_outbound_email, sweep_outbox
from matching.saved_searches.tasks import run_due_saved_searches, run_saved_search

__all__ = [
    "build_digests",
    "match_achievement",
    "match_chunk",
    "match_expert",
    "match_need",
    "rematch_all",
    "run_due_saved_searches",
    "run_saved_search",
    "send_outbound_email",
    "sweep_outbox",
]

# A database hiccup (a dropped connection, a serialization failure) is worth another try.
RETRY_ON = (OperationalError,)


@shared_task(
    name="matching.match_need",
    ignore_result=True,
    autoretry_for=RETRY_ON,
    retry_backoff=True,
    max_retries=5,
)
def match_need(need_id: int) -> int:
    return match_listing(kind="need", object_id=need_id).new


@shared_task(
    name="matching.match_achievement",
    ignore_result=True,
    autoretry_for=RETRY_ON,
    retry_backoff=True,
    max_retries=5,
)
def match_achievement(achievement_id: int) -> int:
    return match_listing(kind="achievement", object_id=achievement_id).new


@shared_task(
    name="matching.match_expert",
    ignore_result=True,
    autoretry_for=RETRY_ON,
    retry_backoff=True,
    max_retries=5,
)
def match_expert(expert_id: int) -> int:
    return match_listing(kind="expert", object_id=expert_id).new


@shared_task(
    name="matching.match_chunk",
    ignore_result=True,
    autoretry_for=RETRY_ON,
    retry_backoff=True,
    max_retries=5,
)
def match_chunk(kind: str, ids: list[int]) -> int:
    return engine_match_chunk(kind=kind, ids=ids)


@shared_task(name="matching.rematch_all", ignore_result=True)
def rematch_all() -> dict[str, int]:
    return engine_rematch_all()
