"""The daily budget: nobody gets more than NOTIFICATION_EMAIL_DAILY_BUDGET instant emails a day."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from achievements.tests.factories import AchievementFactory
from matching.notifications.digests import digests_build
from matching.notifications.models import Notification
from matching.notifications.services import notify
from matching.notifications.vocabulary import Delivery, Kind
from matching.tests.factories import NotificationPreferenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def instant_matches(enterprise_member, settings):
    settings.NOTIFICATION_EMAIL_DAILY_BUDGET = 3
    NotificationPreferenceFactory.create(user=enterprise_member, kind=Kind.MATCH)
    return enterprise_member


def notify_about_new_listings(recipient, count):
    notifications = []
    for listing in AchievementFactory.create_batch(count):
        notifications.append(
            notify(recipient=recipient, kind=Kind.MATCH, reason="match", target=listing)
        )
    return notifications


def test_the_budget_caps_instant_emails_and_the_rest_waits_for_the_daily_digest(
    instant_matches, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notifications = notify_about_new_listings(instant_matches, 5)
    assert len(mail.outbox) == 3
    over = [n for n in notifications if n.over_budget]
    assert len(over) == 2
    assert {n.delivery for n in over} == {Delivery.DAILY}
    assert {n.email_state for n in over} == {Notification.EmailState.WAITING}

    # The next daily digest carries them, as one email.
    Notification.objects.filter(pk__in=[n.pk for n in over]).update(
        created_at=timezone.now() - timedelta(days=1)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_build(period=Delivery.DAILY) == 1
    assert len(mail.outbox) == 1
    assert "2 new notifications" in mail.outbox[0].subject


def test_the_budget_counts_the_last_24_hours_only(
    instant_matches, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify_about_new_listings(instant_matches, 3)
    Notification.objects.update(created_at=timezone.now() - timedelta(hours=25))
    with django_capture_on_commit_callbacks(execute=True):
        (fresh,) = notify_about_new_listings(instant_matches, 1)
    assert not fresh.over_budget
    assert len(mail.outbox) == 4


def test_the_budget_is_per_person(instant_matches, tto_b, django_capture_on_commit_callbacks):
    NotificationPreferenceFactory.create(user=tto_b, kind=Kind.MATCH)
    with django_capture_on_commit_callbacks(execute=True):
        notify_about_new_listings(instant_matches, 3)
        (other,) = notify_about_new_listings(tto_b, 1)
    assert not other.over_budget
    assert len(mail.outbox) == 4
