"""Delivery under faults, with real processes: a private Redis, Celery worker and beat, and an
SMTP server on localhost that records what actually arrived.

- Redis stops while notifications are being written and starts again: every instant email
  arrives exactly once (the rows were there; the sweeper enqueued what the broker lost).
- The worker is killed with SIGKILL in the middle of a digest batch, before the server
  accepted the message in flight: after a restart every digest arrives exactly once.
- The worker is killed in the crash window, after the server accepted a digest and before
  the row was marked sent: that one digest is sent again with the same Message-ID, which is
  what docs/notifications.md promises (at-least-once, de-duplicable by Message-ID).
"""

import json
from collections import Counter
from datetime import timedelta

import pytest
from celery import Celery
from django.utils import timezone

from accounts.tests.factories import UserFactory
from achievements.tests.factories import AchievementFactory
from matching.notifications.models import Notification, OutboundEmail
from matching.notifications.services import notify
from matching.notifications.targets import payload_for
from matching.notifications.vocabulary import Delivery, Kind
from matching.tests.factories import NotificationPreferenceFactory
from tests.faults import (
    beat_arguments,
    child,
    fault_environment,
    private_redis,
    wait_seconds,
    worker_arguments,
)
from tests.queue import wait_until
from tests.smtp import smtp_server

pytestmark = [pytest.mark.queue, pytest.mark.django_db(transaction=True)]

# Writes one notification per (user id, listing id) pair, each in its own transaction, like
# requests of a web process would, and says so after each commit.
PRODUCER = """
import json, sys, time
import django
django.setup()
from django.db import transaction
from accounts.models import User
from achievements.models import Achievement
from matching.notifications.services import notify
from matching.notifications.targets import payload_for
for user_id, listing_id in json.loads(sys.argv[1]):
    with transaction.atomic():
        listing = Achievement.objects.get(pk=listing_id)
        notify(recipient=User.objects.get(pk=user_id), kind="match", reason="match",
               target=listing, payload=payload_for(listing))
    print("notified", listing_id, flush=True)
    time.sleep(0.25)
print("producer done", flush=True)
"""


def message_ids_by_recipient(received):
    return Counter((message.to, message.message_id) for message in received)


def test_a_redis_outage_while_notifying_delays_but_neither_loses_nor_repeats_an_email(tmp_path):
    recipients = UserFactory.create_batch(3)
    for user in recipients:
        NotificationPreferenceFactory.create(user=user, kind=Kind.MATCH, delivery=Delivery.INSTANT)
    listings = AchievementFactory.create_batch(15)
    pairs = [(recipients[n % 3].pk, listing.pk) for n, listing in enumerate(listings)]

    with (
        smtp_server() as smtp,
        private_redis(tmp_path) as broker,
    ):
        environment = fault_environment(broker.url, smtp.url)
        with (
            child("worker", worker_arguments(), environment, tmp_path) as worker,
            child("beat", beat_arguments(tmp_path), environment, tmp_path),
        ):
            worker.wait_for_output("ready.")
            with child(
                "producer", ["-c", PRODUCER, json.dumps(pairs)], environment, tmp_path
            ) as producer:
                # Some notifications go through normally…
                assert wait_until(lambda: Notification.objects.count() >= 4, timeout=30)
                broker.stop()
                # …some are written while the broker is down…
                assert wait_until(lambda: Notification.objects.count() >= 9, timeout=60)
                broker.start()
                # …and the rest after it is back.
                producer.wait_for_output("producer done", timeout=60)
            assert wait_until(lambda: len(smtp.received) >= 15, timeout=60), (
                f"{len(smtp.received)} of 15 arrived\n{worker.output()[-3000:]}"
            )
            wait_seconds(4)  # several more sweeps: a duplicate would arrive now

    assert len(smtp.received) == 15
    sent = dict(OutboundEmail.objects.values_list("message_id", "to"))
    assert len(sent) == 15
    assert message_ids_by_recipient(smtp.received) == Counter(
        (to, message_id) for message_id, to in sent.items()
    )
    assert set(OutboundEmail.objects.values_list("state", flat=True)) == {"sent"}
    # The outage really cost messages, and the sweeper is what brought them back.
    assert OutboundEmail.objects.filter(requeued_at__isnull=False).exists()
    assert "the outbox sweeper will enqueue it" in producer.output()


@pytest.fixture
def daily_digest_batch():
    """Six people, two due daily-digest notifications each: six digests to send."""
    people = UserFactory.create_batch(6)
    titles: dict[str, list[str]] = {}
    for person in people:
        titles[person.email] = []
        for listing in AchievementFactory.create_batch(2):
            notify(
                recipient=person,
                kind=Kind.MATCH,  # daily digest by default
                reason="match",
                target=listing,
                payload=payload_for(listing),
            )
            titles[person.email].append(listing.title_en)
    Notification.objects.update(created_at=timezone.now() - timedelta(days=1))
    assert set(Notification.objects.values_list("delivery", flat=True)) == {Delivery.DAILY}
    return titles


def start_digest_build(broker_url):
    """What beat does at the digest hour: publish the build task by name."""
    app = Celery("fault-test", broker=broker_url, set_as_current=False)
    try:
        app.send_task("matching.build_digests", args=["daily"])
    finally:
        app.close()


def kill_the_worker_during_a_digest_batch(tmp_path, hold):
    """Send the batch; kill -9 the worker while the third digest is held at `hold`; restart."""
    with smtp_server() as smtp, private_redis(tmp_path) as broker:
        gate = smtp.hold(hold, number=3)
        environment = fault_environment(broker.url, smtp.url)
        with child("beat", beat_arguments(tmp_path), environment, tmp_path):
            with child("worker-1", worker_arguments(), environment, tmp_path) as first:
                first.wait_for_output("ready.")
                start_digest_build(broker.url)
                assert gate.reached.wait(60), first.output()[-3000:]
                first.kill_hard()
            gate.released.set()
            in_flight = OutboundEmail.objects.get(state=OutboundEmail.State.SENDING)
            assert OutboundEmail.objects.count() == 6  # the whole batch was built before
            with child("worker-2", worker_arguments(), environment, tmp_path) as second:
                expected = 7 if hold == "data" else 6
                assert wait_until(lambda: len(smtp.received) >= expected, timeout=60), (
                    f"{len(smtp.received)} arrived\n{second.output()[-3000:]}"
                )
                wait_seconds(4)
        return smtp.received, in_flight


def test_a_worker_killed_mid_digest_batch_neither_loses_nor_repeats_a_digest(
    tmp_path, daily_digest_batch
):
    received, in_flight = kill_the_worker_during_a_digest_batch(tmp_path, hold="rcpt")

    assert len(received) == 6
    assert sorted(message.to for message in received) == sorted(daily_digest_batch)
    rows = dict(OutboundEmail.objects.values_list("to", "message_id"))
    for message in received:
        assert message.message_id == rows[message.to]
        for title in daily_digest_batch[message.to]:
            assert title in message.text
    assert set(OutboundEmail.objects.values_list("state", flat=True)) == {"sent"}
    in_flight.refresh_from_db()
    assert in_flight.attempts == 2  # claimed by the dead worker, taken back by the sweeper
    assert "stopped before recording" in in_flight.last_error
    assert not Notification.objects.exclude(email_state="attached").exists()


def test_a_worker_killed_after_the_server_accepted_resends_with_the_same_message_id(
    tmp_path, daily_digest_batch
):
    received, in_flight = kill_the_worker_during_a_digest_batch(tmp_path, hold="data")

    copies = Counter(message.message_id for message in received)
    # Six digests, one of them delivered twice: the crash window, documented and de-duplicable.
    assert len(copies) == 6
    assert sorted(copies.values()) == [1, 1, 1, 1, 1, 2]
    (twice,) = [message_id for message_id, count in copies.items() if count == 2]
    assert twice == in_flight.message_id
    first, second = [message for message in received if message.message_id == twice]
    assert first.to == second.to
    assert first.text == second.text
    assert set(OutboundEmail.objects.values_list("state", flat=True)) == {"sent"}
