"""Races, with real concurrent transactions: two claims on one row, two notify() on one budget."""

import threading
import time

import pytest
from django.db import connection, transaction

from achievements.tests.factories import AchievementFactory
from matching.notifications.models import Notification, OutboundEmail
from matching.notifications.outbox import outbound_email_claim
from matching.notifications.services import notify
from matching.notifications.vocabulary import Kind
from matching.tests.factories import NotificationPreferenceFactory, OutboundEmailFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(count, work):
    """Start count threads at the same moment, each with its own database connection."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run(number):
        try:
            barrier.wait(5)
            results.append(work(number))
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    return results


def test_of_many_workers_claiming_one_row_exactly_one_wins():
    email = OutboundEmailFactory.create()
    claims = run_together(6, lambda n: outbound_email_claim(email_id=email.pk))
    assert sum(claim is not None for claim in claims) == 1
    email.refresh_from_db()
    assert (email.state, email.attempts) == (OutboundEmail.State.SENDING, 1)


def test_two_notifications_at_once_cannot_both_take_the_last_place_in_the_budget(
    enterprise_member, settings
):
    settings.NOTIFICATION_EMAIL_DAILY_BUDGET = 1
    NotificationPreferenceFactory.create(user=enterprise_member, kind=Kind.MATCH)
    listings = AchievementFactory.create_batch(2)

    def notify_and_hold(number):
        with transaction.atomic():
            notification = notify(
                recipient=enterprise_member,
                kind=Kind.MATCH,
                reason="match",
                target=listings[number],
            )
            time.sleep(0.5)  # still uncommitted: the other one must wait, not count 0 too
        return notification.over_budget

    assert sorted(run_together(2, notify_and_hold)) == [False, True]
    assert OutboundEmail.objects.count() == 1
    assert Notification.objects.filter(over_budget=True).count() == 1


def test_the_same_event_notified_twice_at_once_is_one_notification_and_one_email(
    enterprise_member,
):
    NotificationPreferenceFactory.create(user=enterprise_member, kind=Kind.MATCH)
    listing = AchievementFactory.create()

    def notify_once(number):
        with transaction.atomic():
            notification = notify(
                recipient=enterprise_member, kind=Kind.MATCH, reason="match", target=listing
            )
            time.sleep(0.3)
        return notification.pk

    first, second = run_together(2, notify_once)
    assert first == second
    assert Notification.objects.count() == 1
    assert OutboundEmail.objects.count() == 1
