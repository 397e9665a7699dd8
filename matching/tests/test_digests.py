"""Digests: one email per person and period, whatever crashes or repeats happen around it."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from achievements.tests.factories import AchievementFactory
from matching.notifications.digests import (
    digest_build_for,
    digest_cutoff,
    digests_build,
    enqueue_missed_digest_builds,
    period_key,
)
from matching.notifications.models import Notification, OutboundEmail
from matching.notifications.preferences import email_opt_out_set, preference_set
from matching.notifications.services import notify
from matching.notifications.targets import payload_for
from matching.notifications.vocabulary import Delivery, Kind
from matching.tests.factories import NotificationPreferenceFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = timedelta(days=1)


def waiting(recipient, count, *, kind=Kind.MATCH, age=DAY):
    """count notifications for recipient, created age ago (so they are due)."""
    made = [
        notify(
            recipient=recipient,
            kind=kind,
            reason=kind,
            target=listing,
            payload=payload_for(listing),
        )
        for listing in AchievementFactory.create_batch(count)
    ]
    Notification.objects.filter(pk__in=[n.pk for n in made]).update(created_at=timezone.now() - age)
    return made


@pytest.mark.parametrize(
    ("now", "period", "cutoff"),
    [
        (datetime(2026, 5, 6, 9, 30), Delivery.DAILY, datetime(2026, 5, 6, 8)),
        (datetime(2026, 5, 6, 7, 59), Delivery.DAILY, datetime(2026, 5, 5, 8)),
        (datetime(2026, 5, 6, 9, 30), Delivery.WEEKLY, datetime(2026, 5, 4, 8)),  # a Wednesday
        (datetime(2026, 5, 4, 7, 0), Delivery.WEEKLY, datetime(2026, 4, 27, 8)),  # Monday, early
    ],
)
def test_a_period_ends_at_the_digest_hour(now, period, cutoff, settings):
    settings.NOTIFICATION_DIGEST_HOUR = 8
    assert digest_cutoff(period, now.replace(tzinfo=SHANGHAI)) == cutoff.replace(tzinfo=SHANGHAI)


def test_periods_have_readable_keys():
    cutoff = datetime(2026, 5, 4, 8, tzinfo=SHANGHAI)
    assert period_key(Delivery.DAILY, cutoff) == "2026-05-04"
    assert period_key(Delivery.WEEKLY, cutoff) == "2026-W19"


def test_each_person_gets_one_digest_with_everything_due(
    enterprise_member, tto_b, django_capture_on_commit_callbacks
):
    waiting(enterprise_member, 3)
    waiting(tto_b, 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_build(period=Delivery.DAILY) == 2
    assert sorted(m.to[0] for m in mail.outbox) == [enterprise_member.email, tto_b.email]
    assert Notification.objects.filter(email_state=Notification.EmailState.WAITING).count() == 0
    mine = OutboundEmail.objects.get(recipient=enterprise_member)
    assert mine.notifications.count() == 3
    assert mine.state == OutboundEmail.State.SENT


def test_building_again_for_the_same_period_creates_no_second_digest(
    enterprise_member, django_capture_on_commit_callbacks
):
    waiting(enterprise_member, 2)
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_build(period=Delivery.DAILY) == 1
    # A straggler of the same period, then a second run (beat and catch-up, or a redelivery).
    waiting(enterprise_member, 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_build(period=Delivery.DAILY) == 0
    assert len(mail.outbox) == 1
    straggler = Notification.objects.get(email_state=Notification.EmailState.WAITING)
    assert straggler.email is None  # it goes in the next period's digest


def test_a_build_interrupted_between_two_people_is_completed_by_the_next_run(
    enterprise_member, tto_b, django_capture_on_commit_callbacks
):
    waiting(enterprise_member, 2)
    waiting(tto_b, 2)
    cutoff = digest_cutoff(Delivery.DAILY, timezone.now())
    # The worker built the first person's digest and died before the second one.
    with django_capture_on_commit_callbacks(execute=True):
        digest_build_for(recipient_id=enterprise_member.pk, period=Delivery.DAILY, cutoff=cutoff)
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_build(period=Delivery.DAILY) == 1
    assert sorted(m.to[0] for m in mail.outbox) == [enterprise_member.email, tto_b.email]
    assert OutboundEmail.objects.count() == 2


def test_only_notifications_from_before_the_cutoff_are_due(enterprise_member):
    cutoff = digest_cutoff(Delivery.DAILY, timezone.now())
    waiting(enterprise_member, 1, age=timezone.now() - cutoff + timedelta(minutes=1))
    after = waiting(enterprise_member, 1, age=timedelta(0))  # written after the cutoff
    assert digests_build(period=Delivery.DAILY) == 1
    after[0].refresh_from_db()
    assert after[0].email_state == Notification.EmailState.WAITING


def test_weekly_and_daily_digests_are_separate(
    enterprise_member, django_capture_on_commit_callbacks
):
    preference_set(user=enterprise_member, kind=Kind.SAVED_SEARCH, delivery=Delivery.WEEKLY)
    waiting(enterprise_member, 1, kind=Kind.MATCH)
    waiting(enterprise_member, 2, kind=Kind.SAVED_SEARCH, age=timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_build(period=Delivery.DAILY) == 1
        assert digests_build(period=Delivery.WEEKLY) == 1
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [
        "Keqiao daily digest: 1 new notification",
        "Keqiao weekly digest: 2 new notifications",
    ]


def test_kinds_turned_off_since_are_skipped_and_an_empty_digest_is_not_sent(
    enterprise_member, django_capture_on_commit_callbacks
):
    waiting(enterprise_member, 2)
    preference_set(user=enterprise_member, kind=Kind.MATCH, delivery=Delivery.IN_APP)
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_build(period=Delivery.DAILY) == 0
    assert mail.outbox == []
    assert set(Notification.objects.values_list("email_state", flat=True)) == {"skipped"}


def test_turning_all_email_off_after_the_digest_was_built_cancels_it(
    enterprise_member, django_capture_on_commit_callbacks
):
    waiting(enterprise_member, 2)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        digests_build(period=Delivery.DAILY)
    email_opt_out_set(user=enterprise_member, opted_out=True)
    callbacks[0]()
    assert mail.outbox == []
    assert OutboundEmail.objects.get().state == OutboundEmail.State.CANCELLED


def test_the_sweeper_starts_a_missed_build_only_when_one_is_overdue(enterprise_member, monkeypatch):
    from matching.notifications.tasks import build_digests

    started: list[str] = []
    monkeypatch.setattr(build_digests, "delay", started.append)
    NotificationPreferenceFactory.create(
        user=enterprise_member, kind=Kind.MATCH, delivery=Delivery.DAILY
    )
    waiting(enterprise_member, 1, age=3 * DAY)
    cutoff = digest_cutoff(Delivery.DAILY, timezone.now())

    assert enqueue_missed_digest_builds(now=cutoff + timedelta(minutes=5)) == []  # beat's turn
    assert enqueue_missed_digest_builds(now=cutoff + timedelta(minutes=15)) == ["daily"]
    digests_build(period=Delivery.DAILY)
    assert enqueue_missed_digest_builds(now=cutoff + timedelta(minutes=20)) == []
    assert started == ["daily"]
