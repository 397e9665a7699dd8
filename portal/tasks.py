"""Cross-cutting Celery tasks."""

from __future__ import annotations

import os
import socket

from celery import shared_task


@shared_task(name="portal.ping", ignore_result=False)
def ping(nonce: str) -> dict[str, str | int]:
    """Answer from whichever worker runs it; /healthz?worker=1 uses this to prove one is alive."""
    return {"nonce": nonce, "host": socket.gethostname(), "pid": os.getpid()}


@shared_task(
    name="portal.send_templated_email",
    autoretry_for=(OSError,),  # SMTP connection problems: retry with backoff
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=8,
)
def send_templated_email(*, to: str, language: str, template: str, context: dict) -> None:
    from portal.mail import render_email

    render_email(to=to, language=language, template=template, context=context).send()
