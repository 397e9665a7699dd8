"""Celery finds an app's tasks in this module; the notification tasks live with their code."""

from matching.notifications.tasks import build_digests, send_outbound_email, sweep_outbox
from matching.saved_searches.tasks import run_due_saved_searches, run_saved_search

__all__ = [
    "build_digests",
    "run_due_saved_searches",
    "run_saved_search",
    "send_outbound_email",
    "sweep_outbox",
]
