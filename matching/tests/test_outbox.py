"""The outbox: a row before anything is queued, a conditional claim, retries, the sweeper."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from matching.notifications import outbox
from matching.notifications.models import OutboundEmail
from matching.notifications.outbox import (
    outbound_email_claim,
    outbound_email_deliver,
    outbox_health,
    outbox_sweep,
)
from matching.tests.factories import OutboundEmailFactory
from portal.mail import queue_email

pytestmark = pytest.mark.django_db
State = OutboundEmail.State


def test_queue_email_writes_a_pending_row_before_anything_is_queued(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue_email(to="a@example.org", language="en", template="test_message", context={"n": 1})
    email = OutboundEmail.objects.get()
    assert (email.state, email.to, email.context) == (State.PENDING, "a@example.org", {"n": 1})
    assert email.message_id.startswith("<")
    assert email.message_id.endswith("@keqiao.localhost>")
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_a_rolled_back_transaction_leaves_no_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            from django.db import transaction

            with transaction.atomic():
                queue_email(to="a@example.org", language="en", template="test_message", context={})
                raise RuntimeError("the request failed")
        except RuntimeError:
            pass
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []


def test_the_message_carries_the_rows_stable_message_id(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(to="a@example.org", language="en", template="test_message", context={})
    email = OutboundEmail.objects.get()
    assert mail.outbox[0].extra_headers["Message-ID"] == email.message_id
    assert (email.state, email.attempts, email.subject) == (State.SENT, 1, "Keqiao test message")


def test_only_one_claim_on_a_row_succeeds():
    email = OutboundEmailFactory.create()
    assert outbound_email_claim(email_id=email.pk) is not None
    assert outbound_email_claim(email_id=email.pk) is None
    email.refresh_from_db()
    assert (email.state, email.attempts) == (State.SENDING, 1)


def test_a_row_waiting_for_its_retry_time_is_not_claimed_early():
    email = OutboundEmailFactory.create(next_attempt_at=timezone.now() + timedelta(minutes=5))
    assert outbound_email_claim(email_id=email.pk) is None


def test_a_delivery_of_a_sent_row_does_nothing():
    email = OutboundEmailFactory.create()
    assert outbound_email_deliver(email_id=email.pk).state == State.SENT
    assert outbound_email_deliver(email_id=email.pk).state == State.SENT
    assert len(mail.outbox) == 1


def test_a_temporary_smtp_failure_records_the_error_and_schedules_a_retry(smtp, settings):
    settings.OUTBOX_RETRY_BACKOFF_SECONDS = 30
    smtp.refuse_with(lambda address: "451 4.3.0 Try again later")
    email = OutboundEmailFactory.create()
    before = timezone.now()
    outcome = outbound_email_deliver(email_id=email.pk)
    email.refresh_from_db()
    assert outcome.state == State.PENDING
    assert outcome.retry_in is not None
    assert 24 <= outcome.retry_in <= 36
    assert email.state == State.PENDING
    assert email.attempts == 1
    assert "451" in email.last_error
    assert email.next_attempt_at >= before + timedelta(seconds=24)

    # The next attempt, once due, goes through.
    smtp.refuse_with(None)
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    assert outbound_email_deliver(email_id=email.pk).state == State.SENT
    email.refresh_from_db()
    assert email.attempts == 2
    assert len(smtp.received) == 1


def test_the_backoff_grows_with_each_attempt(settings):
    settings.OUTBOX_RETRY_BACKOFF_SECONDS = 30
    delays = [outbox.backoff_seconds(attempt) for attempt in (1, 2, 3, 4, 12)]
    assert 24 <= delays[0] <= 36
    assert 48 <= delays[1] <= 72
    assert 96 <= delays[2] <= 144
    assert 192 <= delays[3] <= 288
    assert delays[4] <= 3600 * 1.2


def test_a_permanent_refusal_fails_at_once(smtp):
    smtp.refuse_with(lambda address: "550 5.1.1 No such mailbox")
    email = OutboundEmailFactory.create()
    assert outbound_email_deliver(email_id=email.pk).state == State.FAILED
    email.refresh_from_db()
    assert "550" in email.last_error
    assert email.attempts == 1


def test_the_last_allowed_attempt_fails_the_row(smtp, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    smtp.refuse_with(lambda address: "421 4.7.0 Busy")
    email = OutboundEmailFactory.create()
    assert outbound_email_deliver(email_id=email.pk).state == State.PENDING
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    assert outbound_email_deliver(email_id=email.pk).state == State.FAILED
    assert smtp.received == []


def test_a_broker_outage_at_enqueue_leaves_the_row_pending_for_the_sweeper(
    monkeypatch, django_capture_on_commit_callbacks, caplog
):
    from kombu.exceptions import OperationalError

    from matching.notifications.tasks import send_outbound_email

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(send_outbound_email, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(to="a@example.org", language="en", template="test_message", context={})
    email = OutboundEmail.objects.get()
    assert email.state == State.PENDING
    assert "the outbox sweeper will enqueue it" in caplog.text
    monkeypatch.undo()

    # Not yet overdue: the sweeper leaves it to the normal path.
    assert outbox_sweep().requeued == 0
    OutboundEmail.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=3))
    assert outbox_sweep().requeued == 1
    email.refresh_from_db()
    assert email.state == State.SENT
    assert len(mail.outbox) == 1


def test_the_sweeper_takes_back_a_claim_whose_worker_died(settings):
    settings.OUTBOX_SENDING_TIMEOUT_SECONDS = 300
    email = OutboundEmailFactory.create()
    assert outbound_email_claim(email_id=email.pk) is not None  # …and the worker dies here

    claimed = OutboundEmail.objects.filter(pk=email.pk)
    claimed.update(claimed_at=timezone.now() - timedelta(seconds=60))
    assert outbox_sweep().reclaimed == 0
    claimed.update(claimed_at=timezone.now() - timedelta(seconds=301))
    assert outbox_sweep().reclaimed == 1
    email.refresh_from_db()
    assert (email.state, email.attempts) == (State.SENT, 2)
    assert "stopped before recording" in email.last_error
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == email.message_id


def test_a_worker_whose_claim_was_taken_back_does_not_overwrite_the_result(settings):
    email = OutboundEmailFactory.create()
    stale = outbound_email_claim(email_id=email.pk)
    OutboundEmail.objects.filter(pk=email.pk).update(
        claimed_at=timezone.now() - timedelta(seconds=settings.OUTBOX_SENDING_TIMEOUT_SECONDS + 1)
    )
    outbox_sweep()
    email.refresh_from_db()
    assert email.state == State.SENT
    assert stale is not None
    assert outbox._finish(stale, state=State.FAILED) is False
    email.refresh_from_db()
    assert email.state == State.SENT


def test_a_claim_abandoned_on_the_last_attempt_fails_the_row(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    email = OutboundEmailFactory.create()
    outbound_email_claim(email_id=email.pk)
    result = outbox_sweep(now=timezone.now() + timedelta(hours=1))
    assert result.failed == 1
    email.refresh_from_db()
    assert email.state == State.FAILED


def test_the_sweeper_does_not_enqueue_a_row_again_and_again(monkeypatch):
    from matching.notifications.tasks import send_outbound_email

    published: list[int] = []
    monkeypatch.setattr(send_outbound_email, "delay", published.append)
    email = OutboundEmailFactory.create(next_attempt_at=timezone.now() - timedelta(minutes=10))
    now = timezone.now()
    assert outbox_sweep(now=now).requeued == 1
    assert outbox_sweep(now=now + timedelta(seconds=30)).requeued == 0
    assert outbox_sweep(now=now + timedelta(minutes=3)).requeued == 1
    assert published == [email.pk, email.pk]


def test_outbox_health_reports_counts_and_the_oldest_pending_age():
    OutboundEmailFactory.create(created_at=timezone.now() - timedelta(minutes=10))
    OutboundEmailFactory.create()
    OutboundEmailFactory.create(state=State.FAILED)
    health = outbox_health()
    assert health["pending"] == 2
    assert health["failed"] == 1
    assert health["sending"] == 0
    assert 590 <= health["oldest_pending_seconds"] <= 660
