"""A moderator's decision reaches the owners as a notification: inbox, then email as they chose."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from achievements.models import Achievement
from achievements.services import (
    achievement_approve,
    achievement_request_changes,
    achievement_save,
    achievement_submit,
    achievement_take_down,
)
from achievements.tests.factories import AchievementFactory
from matching.notifications.models import Notification
from matching.notifications.preferences import preference_set
from moderation.notify import fitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(university_a, tto_a) -> Achievement:
    listing = AchievementFactory.create(
        institution=university_a,
        created_by=tto_a,
        status="submitted",
        published_at=None,
        title_en="Graphene heat spreader",
        title_zh="石墨烯散热片",
    )
    return listing


def test_each_decision_is_its_own_notification_and_a_retry_is_not(
    submitted, tto_a, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        achievement_request_changes(actor=moderator, target=submitted, reason="Add a TRL")
        achievement_request_changes(actor=moderator, target=submitted, reason="Add a TRL")
    achievement_submit(actor=tto_a, achievement=submitted)
    with django_capture_on_commit_callbacks(execute=True):
        achievement_request_changes(actor=moderator, target=submitted, reason="Still no TRL")

    told = Notification.objects.filter(recipient=tto_a).order_by("pk")
    assert [(n.kind, n.payload["decision"], n.payload["reason"]) for n in told] == [
        ("moderation", "changes_requested", "Add a TRL"),
        ("moderation", "changes_requested", "Still no TRL"),
    ]
    assert len({n.reason for n in told}) == 2
    assert [m.subject for m in mail.outbox] == [
        "Changes requested for “Graphene heat spreader”",
        "Changes requested for “Graphene heat spreader”",
    ]


def test_the_email_says_what_was_decided_and_why_in_the_owners_language(
    submitted, tto_a, moderator, django_capture_on_commit_callbacks
):
    tto_a.preferred_language = "zh-hans"
    tto_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        achievement_approve(actor=moderator, target=submitted, reason="内容完整")

    [message] = mail.outbox
    assert message.subject == "“石墨烯散热片”已发布"
    assert "内容完整" in message.body
    assert "/notifications/" in message.body  # the link opens the notification, then the listing
    assert message.extra_headers["List-Unsubscribe"]


def test_an_owner_who_chose_the_inbox_only_gets_no_email_but_sees_the_reason(
    submitted, tto_a, moderator, client_for, django_capture_on_commit_callbacks
):
    preference_set(user=tto_a, kind="moderation", delivery="in-app")
    with django_capture_on_commit_callbacks(execute=True):
        achievement_approve(actor=moderator, target=submitted, reason="Clear and complete")

    assert mail.outbox == []
    page = client_for(tto_a).get(reverse("notifications:inbox")).content.decode()
    assert "is now public" in page
    assert "Clear and complete" in page


def test_decisions_on_a_revision_say_the_published_version_stays(
    university_a, tto_a, moderator, django_capture_on_commit_callbacks
):
    live = AchievementFactory.create(
        institution=university_a, created_by=tto_a, title_en="Old title", title_zh=""
    )
    achievement_save(actor=tto_a, achievement=live, values={"title_en": "New title"})
    achievement_submit(actor=tto_a, achievement=live)
    with django_capture_on_commit_callbacks(execute=True):
        achievement_request_changes(actor=moderator, target=live, reason="Keep the old name")

    [message] = mail.outbox
    assert "before they go live. The published version stays as it is." in message.body
    assert Notification.objects.get(recipient=tto_a).payload["is_revision"] is True


def test_a_take_down_is_told_too(submitted, tto_a, moderator, django_capture_on_commit_callbacks):
    Achievement.objects.filter(pk=submitted.pk).update(status="published")
    with django_capture_on_commit_callbacks(execute=True):
        achievement_take_down(actor=moderator, target=submitted, reason="Reported as copied")
    [told] = Notification.objects.filter(recipient=tto_a)
    assert told.payload["decision"] == "taken_down"
    assert "took “Graphene heat spreader” off the portal" in mail.outbox[0].body


def test_a_very_long_reason_is_shortened_to_fit_the_payload():
    payload = fitted({"title_zh": "标" * 300, "reason": "理由" * 2000}, shorten="reason")
    assert payload["reason"].endswith("…")
    assert len(payload["reason"]) < 4000
    assert fitted({"reason": "short"}, shorten="reason") == {"reason": "short"}
