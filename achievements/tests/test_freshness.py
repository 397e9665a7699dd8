"""Published listings are re-confirmed: a reminder after N months, archiving after a grace."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from achievements.models import Achievement
from achievements.services import achievement_confirm_current
from achievements.tasks import freshness_sweep
from achievements.tests.factories import AchievementFactory
from matching.notifications.models import Notification
from matching.notifications.preferences import preference_set
from portal.audit import history

pytestmark = pytest.mark.django_db

S = Achievement.Status


def months_ago(months: int, days: int = 0) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=30 * months + days)


@pytest.fixture
def stale(university_a, tto_a) -> Achievement:
    months = settings.KEQIAO_FRESHNESS_REMIND_MONTHS
    return AchievementFactory.create(
        institution=university_a, created_by=tto_a, confirmed_current_at=months_ago(months, 1)
    )


def run_sweep(capture) -> dict[str, int]:
    with capture(execute=True):
        return freshness_sweep()


def test_the_beat_schedule_runs_the_sweep():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "achievements.freshness_sweep" in tasks


def test_an_owner_is_reminded_once(stale, tto_a, django_capture_on_commit_callbacks):
    fresh = AchievementFactory.create(
        institution=stale.institution, confirmed_current_at=timezone.now()
    )

    assert run_sweep(django_capture_on_commit_callbacks) == {"reminded": 1, "archived": 0}
    assert run_sweep(django_capture_on_commit_callbacks) == {"reminded": 0, "archived": 0}

    [reminder] = Notification.objects.filter(recipient=tto_a)
    assert (reminder.kind, reminder.target) == ("reminder", stale)
    # Reminders wait for the weekly digest unless the owner chose otherwise.
    assert reminder.delivery == "weekly"
    assert mail.outbox == []
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.freshness_reminded_at is not None
    assert fresh.freshness_reminded_at is None


def test_an_unconfirmed_listing_is_archived_after_the_grace_period(
    stale, django_capture_on_commit_callbacks
):
    run_sweep(django_capture_on_commit_callbacks)
    grace = dt.timedelta(days=settings.KEQIAO_FRESHNESS_GRACE_DAYS + 1)
    Achievement.objects.filter(pk=stale.pk).update(freshness_reminded_at=timezone.now() - grace)

    assert run_sweep(django_capture_on_commit_callbacks)["archived"] == 1
    assert run_sweep(django_capture_on_commit_callbacks)["archived"] == 0

    stale.refresh_from_db()
    assert stale.status == S.ARCHIVED
    entry = history(stale)[0]
    assert (entry.action, entry.actor, entry.from_state) == ("archive_stale", None, "published")


def test_confirming_after_the_reminder_keeps_the_listing(
    stale, tto_a, django_capture_on_commit_callbacks
):
    run_sweep(django_capture_on_commit_callbacks)
    achievement_confirm_current(actor=tto_a, achievement=stale)
    Achievement.objects.filter(pk=stale.pk).update(
        freshness_reminded_at=timezone.now() - dt.timedelta(days=365)
    )
    # confirmed after the (back-dated) reminder: not overdue
    assert run_sweep(django_capture_on_commit_callbacks)["archived"] == 0
    stale.refresh_from_db()
    assert stale.status == S.PUBLISHED


def test_an_owner_who_wants_reminders_at_once_gets_an_email_in_their_language(
    stale, tto_a, django_capture_on_commit_callbacks
):
    tto_a.preferred_language = "zh-hans"
    tto_a.save()
    preference_set(user=tto_a, kind="reminder", delivery="instant")

    run_sweep(django_capture_on_commit_callbacks)

    [message] = mail.outbox
    assert message.to == [tto_a.email]
    assert message.subject == f"“{stale.title_zh}”的信息仍然有效吗？"  # in their language
    deadline = timezone.localdate() + dt.timedelta(days=settings.KEQIAO_FRESHNESS_GRACE_DAYS)
    assert deadline.isoformat() in message.body
    assert "确认信息仍有效" in message.body


def test_the_owner_is_told_when_the_listing_is_archived(
    stale, tto_a, django_capture_on_commit_callbacks
):
    run_sweep(django_capture_on_commit_callbacks)
    grace = dt.timedelta(days=settings.KEQIAO_FRESHNESS_GRACE_DAYS + 1)
    Achievement.objects.filter(pk=stale.pk).update(freshness_reminded_at=timezone.now() - grace)
    run_sweep(django_capture_on_commit_callbacks)
    run_sweep(django_capture_on_commit_callbacks)

    told = Notification.objects.filter(recipient=tto_a).order_by("pk")
    assert [n.payload["event"] for n in told] == ["reminder", "archived"]
    inbox = Client()
    inbox.force_login(tto_a)
    page = inbox.get(reverse("notifications:inbox")).content.decode()
    assert "was archived because nobody confirmed it as current" in page


def test_within_the_grace_period_nothing_is_archived(stale, django_capture_on_commit_callbacks):
    run_sweep(django_capture_on_commit_callbacks)
    assert run_sweep(django_capture_on_commit_callbacks)["archived"] == 0
    stale.refresh_from_db()
    assert stale.status == S.PUBLISHED


def test_a_listing_without_a_confirmation_date_counts_from_publication(
    university_a, django_capture_on_commit_callbacks
):
    AchievementFactory.create(
        institution=university_a,
        confirmed_current_at=None,
        published_at=months_ago(settings.KEQIAO_FRESHNESS_REMIND_MONTHS, 5),
    )
    assert run_sweep(django_capture_on_commit_callbacks)["reminded"] == 1
