"""Celery finds an app's tasks in this module; the notification tasks live with their code."""

from matching.notifications.tasks import build_digests, send_outbound_email, sweep_outbox

__all__ = ["build_digests", "send_outbound_email", "sweep_outbox"]
