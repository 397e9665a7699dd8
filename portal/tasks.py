"""Cross-cutting Celery tasks."""

from __future__ import annotations

import os
import socket

from celery import shared_task


@shared_task(name="portal.ping", ignore_result=False)
def ping(nonce: str) -> dict[str, str | int]:
    """Answer from whichever worker runs it; /healthz?worker=1 uses this to prove one is alive."""
    return {"nonce": nonce, "host": socket.gethostname(), "pid": os.getpid()}


@shared_task(name="portal.send_templated_email")
def send_templated_email(*, to: str, language: str, template: str, context: dict) -> None:
    """Kept for messages queued before the outbox existed: they become outbox rows now."""
    from portal.mail import queue_email

    queue_email(to=to, language=language, template=template, context=context)
