"""The moderation queue across kinds, its filters, and abuse reports."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from achievements.models import Achievement
from achievements.services import achievement_save, achievement_submit
from achievements.tests.factories import AchievementFactory
from moderation.models import AbuseReport
from moderation.queue import moderation_queue
from moderation.services import report_create, report_resolve
from portal.audit import history

pytestmark = pytest.mark.django_db


def submitted(institution, **values) -> Achievement:
    values.setdefault("submitted_at", timezone.now())
    return AchievementFactory.create(
        institution=institution, status=Achievement.Status.SUBMITTED, published_at=None, **values
    )


def test_the_queue_lists_submitted_listings_and_revisions_oldest_first(
    moderator, university_a, tto_a
):
    newer = submitted(university_a)
    older = submitted(university_a, submitted_at=timezone.now() - dt.timedelta(days=3))
    live = AchievementFactory.create(institution=university_a)
    achievement_save(actor=tto_a, achievement=live, values={"title_en": "Changed"})
    achievement_submit(actor=tto_a, achievement=live)
    AchievementFactory.create(institution=university_a, status=Achievement.Status.DRAFT)

    items = moderation_queue(moderator)

    assert [item.target.pk for item in items] == [older.pk, newer.pk, live.pk]
    assert [item.is_revision for item in items] == [False, False, True]


def test_the_queue_filters_by_institution_age_and_kind(moderator, university_a, university_b):
    a = submitted(university_a, submitted_at=timezone.now() - dt.timedelta(days=10))
    b = submitted(university_b)
    assert [i.target for i in moderation_queue(moderator, organization_id=university_b.pk)] == [b]
    assert [i.target for i in moderation_queue(moderator, older_than_days=7)] == [a]
    assert moderation_queue(moderator, kind="report") == []
    assert len(moderation_queue(moderator, kind="achievement")) == 2


def test_only_moderators_have_a_queue(tto_a, university_a):
    submitted(university_a)
    assert moderation_queue(tto_a) == []


def test_any_signed_in_reader_reports_a_listing_once(enterprise_member, university_a, moderator):
    listing = AchievementFactory.create(institution=university_a)
    first = report_create(
        reporter=enterprise_member, target=listing, reason="inaccurate", details="Data is fake"
    )
    again = report_create(
        reporter=enterprise_member, target=listing, reason="inaccurate", details="Data is fake"
    )
    assert first.pk == again.pk
    [item] = moderation_queue(moderator)
    assert (item.kind, item.report, item.target) == ("report", first, listing)


def test_a_listing_the_reporter_cannot_see_cannot_be_reported(enterprise_member, university_a):
    hidden = AchievementFactory.create(institution=university_a, status="draft")
    with pytest.raises(PermissionDenied):
        report_create(reporter=enterprise_member, target=hidden, reason="spam", details="x")


def test_a_report_needs_details(enterprise_member, university_a):
    listing = AchievementFactory.create(institution=university_a)
    with pytest.raises(ValidationError) as error:
        report_create(reporter=enterprise_member, target=listing, reason="spam", details=" ")
    assert "details" in error.value.message_dict


def test_a_moderator_dismisses_a_report_with_a_reason(enterprise_member, university_a, moderator):
    listing = AchievementFactory.create(institution=university_a)
    report = report_create(
        reporter=enterprise_member, target=listing, reason="spam", details="Looks like an ad"
    )
    with pytest.raises(ValidationError):
        report_resolve(actor=moderator, report=report, outcome="dismissed", reason="")
    resolved = report_resolve(
        actor=moderator, report=report, outcome="dismissed", reason="It is a real technology"
    )
    assert resolved.status == AbuseReport.Status.DISMISSED
    assert history(report)[0].reason == "It is a real technology"
    assert moderation_queue(moderator) == []
    listing.refresh_from_db()
    assert listing.status == Achievement.Status.PUBLISHED


def test_an_upheld_report_takes_the_listing_down(enterprise_member, university_a, moderator):
    listing = AchievementFactory.create(institution=university_a)
    report = report_create(
        reporter=enterprise_member, target=listing, reason="infringing", details="Our patent"
    )
    report_resolve(actor=moderator, report=report, outcome="taken_down", reason="Confirmed")
    listing.refresh_from_db()
    assert listing.status == Achievement.Status.ARCHIVED
    assert history(listing)[0].action == "take_down"


def test_a_non_moderator_cannot_resolve(enterprise_member, university_a, tto_a):
    listing = AchievementFactory.create(institution=university_a)
    report = report_create(reporter=enterprise_member, target=listing, reason="spam", details="x")
    with pytest.raises(PermissionDenied):
        report_resolve(actor=tto_a, report=report, outcome="dismissed", reason="mine")
