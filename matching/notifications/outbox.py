"""The email outbox: every email is a row first, the queue carries its id, a worker claims it.

Life of a row: pending → sending → sent, or back to pending with a later next_attempt_at after
a failure (failed after OUTBOX_MAX_ATTEMPTS, or at once on a permanent 5xx refusal), or
cancelled when nothing is left to say (every notification in it was dropped or skipped).

- outbound_email_create() writes the row and enqueues its id after the transaction commits.
  If the broker is down the row simply stays pending; the sweeper enqueues it later.
- outbound_email_deliver() (the Celery task's body) claims the row with a conditional UPDATE,
  so a second worker, a redelivered message or a sweeper's extra message finds nothing to do.
- outbox_sweep() (beat) takes back rows claimed by a worker that died, enqueues rows nobody
  picked up, and starts a digest build that was missed.
"""

from __future__ import annotations

import json
import logging
import random
import smtplib
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from accounts.models import User
from matching.notifications.models import OutboundEmail

log = logging.getLogger(__name__)

State = OutboundEmail.State
# A retry message may arrive a moment before the row's next_attempt_at (clocks, rounding).
CLAIM_SLACK = timedelta(seconds=5)
BACKOFF_CAP_SECONDS = 3600
SWEEP_BATCH = 500
# Errors from publishing to a broker that is down: the row is safe, the sweeper enqueues it.
BROKER_ERRORS = (BrokerError, OSError)


@dataclass(frozen=True)
class Outcome:
    """What one delivery attempt did; retry_in is set when another attempt is due later."""

    state: str
    retry_in: float | None = None


@dataclass
class SweepResult:
    reclaimed: int = 0
    failed: int = 0
    requeued: int = 0
    digests: list[str] = field(default_factory=list)


def outbound_email_create(
    *,
    to: str,
    language: str,
    template: str,
    context: dict[str, Any],
    purpose: str = OutboundEmail.Purpose.MESSAGE,
    recipient: User | None = None,
    idempotency_key: str | None = None,
) -> OutboundEmail:
    """Write the email as a pending row and enqueue its id once the transaction commits.

    With an idempotency_key a second call returns the first row and enqueues nothing.
    """
    json.dumps(context)  # fail here, in the caller, not later in a worker
    values: dict[str, Any] = {
        "purpose": purpose,
        "to": to,
        "recipient": recipient,
        "language": language,
        "template": template,
        "context": context,
        "message_id": OutboundEmail.new_message_id(),
    }
    if idempotency_key is None:
        email, created = OutboundEmail.objects.create(**values), True
    else:
        email, created = OutboundEmail.objects.get_or_create(
            idempotency_key=idempotency_key, defaults=values
        )
    if created:
        enqueue_after_commit(email.pk)
    return email


def enqueue_after_commit(email_id: int) -> None:
    # robust: once the row is committed, a failure to publish must not fail the request that
    # wrote it. Where tasks run in-process (no broker), errors propagate as before.
    transaction.on_commit(partial(enqueue, email_id), robust=not settings.CELERY_TASK_ALWAYS_EAGER)


def enqueue(email_id: int) -> bool:
    """Publish the row's id; False (and the row stays pending) when the broker is down."""
    from matching.notifications.tasks import send_outbound_email

    try:
        send_outbound_email.delay(email_id)
    except BROKER_ERRORS as error:
        log.warning(
            "outbound email %s stays pending, the broker is unreachable (%s); "
            "the outbox sweeper will enqueue it",
            email_id,
            error,
        )
        return False
    return True


def outbound_email_claim(*, email_id: int) -> OutboundEmail | None:
    """Take the row for this worker: pending → sending, in one conditional UPDATE.

    Returns None when another worker has it, it was sent already, or it is not due yet.
    """
    token = uuid.uuid4()
    now = timezone.now()
    claimed = OutboundEmail.objects.filter(
        pk=email_id, state=State.PENDING, next_attempt_at__lte=now + CLAIM_SLACK
    ).update(state=State.SENDING, claimed_at=now, claim_token=token, attempts=F("attempts") + 1)
    if claimed != 1:
        return None
    return OutboundEmail.objects.select_related("recipient").get(pk=email_id)


def outbound_email_deliver(*, email_id: int) -> Outcome:
    """Claim, render and send one email, and record what happened. Safe to call repeatedly."""
    email = outbound_email_claim(email_id=email_id)
    if email is None:
        state = OutboundEmail.objects.filter(pk=email_id).values_list("state", flat=True).first()
        return Outcome(state=state or "missing")
    try:
        message = build_message(email)
    except Exception as error:  # a rendering bug; record it, a later attempt may run fixed code
        log.exception("outbound email %s could not be rendered", email.pk)
        return _record_failure(email, error, permanent=False)
    if message is None:
        _finish(email, state=State.CANCELLED)
        return Outcome(state=State.CANCELLED)
    try:
        message.send()
    except Exception as error:
        log.warning("outbound email %s: attempt %s failed: %s", email.pk, email.attempts, error)
        return _record_failure(email, error, permanent=is_permanent(error))
    # The crash window: the server has accepted the message, the row does not say so yet. A
    # worker dying exactly here leaves the row in "sending"; the sweeper sends it again with
    # the same Message-ID (docs/notifications.md, "Guarantees").
    _finish(
        email,
        state=State.SENT,
        sent_at=timezone.now(),
        subject=str(message.subject)[:300],
        to=message.to[0],
    )
    return Outcome(state=State.SENT)


def build_message(email: OutboundEmail) -> EmailMultiAlternatives | None:
    """The message to send now, or None when nothing is left to send."""
    if email.purpose == OutboundEmail.Purpose.MESSAGE:
        from portal.mail import render_email

        message = render_email(
            to=email.to, language=email.language, template=email.template, context=email.context
        )
    else:
        from matching.notifications.rendering import notification_message

        rendered = notification_message(email)
        if rendered is None:
            return None
        message = rendered
    message.extra_headers["Message-ID"] = email.message_id
    message.extra_headers["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies
    return message


def is_permanent(error: Exception) -> bool:
    """A 5xx refusal of the sender, a recipient or the content will not change by retrying."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return False  # our configuration; retrying after it is fixed should work
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def backoff_seconds(attempts: int) -> float:
    """30 s, 60 s, 120 s … up to an hour, with ±20 % jitter so retries do not arrive together."""
    base = settings.OUTBOX_RETRY_BACKOFF_SECONDS * 2 ** max(0, attempts - 1)
    return min(base, BACKOFF_CAP_SECONDS) * random.uniform(0.8, 1.2)  # noqa: S311 - not security


def _finish(email: OutboundEmail, **fields: Any) -> bool:
    """Record the end of this worker's attempt, only if the claim is still this worker's."""
    done = OutboundEmail.objects.filter(
        pk=email.pk, state=State.SENDING, claim_token=email.claim_token
    ).update(claim_token=None, **fields)
    if not done:
        log.warning("outbound email %s: the claim was taken back before it finished", email.pk)
    return bool(done)


def _record_failure(email: OutboundEmail, error: Exception, *, permanent: bool) -> Outcome:
    error_text = f"{type(error).__name__}: {error}"[:2000]
    if permanent or email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        _finish(email, state=State.FAILED, last_error=error_text)
        return Outcome(state=State.FAILED)
    delay = backoff_seconds(email.attempts)
    _finish(
        email,
        state=State.PENDING,
        last_error=error_text,
        next_attempt_at=timezone.now() + timedelta(seconds=delay),
    )
    return Outcome(state=State.PENDING, retry_in=delay)


def outbox_sweep(*, now: datetime | None = None) -> SweepResult:
    """Take back abandoned claims, enqueue rows nobody picked up, start missed digest builds."""
    now = now or timezone.now()
    result = SweepResult()
    stuck = OutboundEmail.objects.filter(
        state=State.SENDING,
        claimed_at__lt=now - timedelta(seconds=settings.OUTBOX_SENDING_TIMEOUT_SECONDS),
    )
    abandoned = "The worker that claimed it stopped before recording the result."
    result.failed = stuck.filter(attempts__gte=settings.OUTBOX_MAX_ATTEMPTS).update(
        state=State.FAILED, claim_token=None, last_error=abandoned
    )
    reclaimed_ids = list(stuck.values_list("pk", flat=True)[:SWEEP_BATCH])
    result.reclaimed = stuck.filter(pk__in=reclaimed_ids).update(
        state=State.PENDING, claim_token=None, next_attempt_at=now, last_error=abandoned
    )

    requeue_after = now - timedelta(seconds=settings.OUTBOX_REQUEUE_AFTER_SECONDS)
    overdue_ids = list(
        OutboundEmail.objects.pending()
        .filter(next_attempt_at__lte=requeue_after)
        .filter(Q(requeued_at__isnull=True) | Q(requeued_at__lte=requeue_after))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    published = []
    for email_id in [*reclaimed_ids, *overdue_ids]:
        if not enqueue(email_id):
            break  # the broker is down; the next sweep tries again
        published.append(email_id)
    OutboundEmail.objects.filter(pk__in=published).update(requeued_at=now)
    result.requeued = len(published)

    from matching.notifications.digests import enqueue_missed_digest_builds

    result.digests = enqueue_missed_digest_builds(now=now)
    if result.reclaimed or result.failed or result.requeued or result.digests:
        log.info("outbox sweep: %s", result)
    return result


def outbox_health() -> dict[str, Any]:
    """Counts for the outbox_status command and the oldest pending age for /healthz."""
    timeout = timedelta(seconds=settings.OUTBOX_SENDING_TIMEOUT_SECONDS)
    counts = {
        str(state): OutboundEmail.objects.filter(state=state).count()
        for state in (State.PENDING, State.SENDING, State.FAILED)
    }
    return {
        **counts,
        "stuck_sending": OutboundEmail.objects.stuck_sending(timeout=timeout).count(),
        "oldest_pending_seconds": OutboundEmail.objects.oldest_pending_age(),
    }
