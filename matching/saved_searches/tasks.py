"""Celery tasks of saved searches: beat picks the due ones, a worker runs each (by id).

A message lost by the broker costs nothing: the search stays due and the next beat tick
enqueues it again. A message delivered twice, or two ticks enqueuing the same search, is a
no-op the second time: the run starts with a claim by conditional UPDATE.
"""

from __future__ import annotations

import logging

from celery import shared_task
from kombu.exceptions import OperationalError

from matching.saved_searches.services import due_saved_search_ids, saved_search_run

logger = logging.getLogger(__name__)


@shared_task(name="matching.run_saved_search", ignore_result=True)
def run_saved_search(saved_search_id: int) -> int | None:
    return saved_search_run(saved_search_id=saved_search_id)


@shared_task(name="matching.run_due_saved_searches", ignore_result=True)
def run_due_saved_searches() -> int:
    """Enqueue every due search (instant ones come due every few minutes)."""
    ids = due_saved_search_ids()
    for saved_search_id in ids:
        try:
            run_saved_search.delay(saved_search_id)
        except OperationalError:  # broker down: the search stays due for the next tick
            logger.warning("could not enqueue saved search %s", saved_search_id)
            break
    return len(ids)
