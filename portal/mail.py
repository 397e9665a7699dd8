"""Sending templated email in the recipient's language, from a Celery task, after commit.

queue_email() is the one entry point for every email the portal sends. Templates live in
templates/email/: <name>_subject.txt, <name>.txt and optionally <name>.html. The context
must be JSON-serialisable (ids and strings), because it is stored with the email.

Every email is a row in the outbox (matching.notifications.outbox) before anything is
queued; the task carries only the row's id, and a sweeper enqueues rows the broker never
received. docs/notifications.md describes the guarantees.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation


def queue_email(*, to: str, language: str, template: str, context: dict[str, Any]) -> None:
    """Send the email once the current transaction commits (at once outside a transaction).

    The email is written to the outbox in the current transaction: if it rolls back, no email.
    """
    from matching.notifications.outbox import outbound_email_create

    outbound_email_create(to=to, language=language, template=template, context=context)


def render_email(
    *, to: str, language: str, template: str, context: dict[str, Any]
) -> EmailMultiAlternatives:
    """Render subject and bodies under the recipient's language."""
    full_context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"email/{template}_subject.txt", full_context)
        body = render_to_string(f"email/{template}.txt", full_context)
        try:
            html = render_to_string(f"email/{template}.html", full_context)
        except TemplateDoesNotExist:
            html = None
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),  # one line, whatever the template's whitespace
        body=body,
        to=[to],
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.extra_headers["Content-Language"] = language
    return message
