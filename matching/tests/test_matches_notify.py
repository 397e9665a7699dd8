"""Match notifications: who hears about a new match, about what, once, and what the email says
(read back from a real SMTP server on localhost)."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from accounts.tests.factories import MembershipFactory, UserFactory
from matching.matches.models import Match
from matching.matches.notify import notify_new_matches
from matching.notifications.models import Notification
from matching.notifications.vocabulary import Kind
from matching.tests import matches_world
from matching.tests.factories import MatchFactory, NotificationPreferenceFactory
from needs.tests.factories import NeedFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(enterprise, university_a, tto_a):
    return matches_world.build(enterprise, university_a, tto_a)


def told(target) -> dict[str, str]:
    """recipient email → reason, of the notifications about target."""
    rows = Notification.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    ).select_related("recipient")
    return {row.recipient.email: row.reason for row in rows}


def test_both_sides_of_a_new_need_listing_match_are_told(
    world, enterprise_member, tto_a, researcher_a, university_a
):
    manager = MembershipFactory.create(organization=university_a, role="tto_manager").user
    notify_new_matches([world.need_listing])
    need, listing = world.need, world.listing
    assert told(listing) == {enterprise_member.email: f"match-need-{need.pk}"}
    assert told(need) == {
        tto_a.email: f"match-achievement-{listing.pk}",
        manager.email: f"match-achievement-{listing.pk}",
    }  # the researcher of the university is not its TTO
    assert researcher_a.email not in told(need)
    notification = Notification.objects.get(recipient=enterprise_member)
    assert notification.kind == Kind.MATCH
    payload = notification.payload
    assert payload["title_en"] == "Ceramic-coated separator"
    assert payload["url"] == f"/matches/{world.need_listing.pk}/"
    assert payload["summary_en"].startswith("Why: Text relevance · Shared field: Materials")
    assert payload["summary_zh"].count("材料工程") == 1


def test_a_match_found_again_tells_nobody_twice(world, enterprise_member):
    notify_new_matches([world.need_listing])
    assert Notification.objects.count() == 2  # enterprise_member and tto_a
    notify_new_matches([world.need_listing])
    assert Notification.objects.count() == 2


def test_weak_matches_and_expert_matches_tell_nobody(world, settings):
    settings.MATCH_NOTIFY_MIN_SCORE = 0.9
    notify_new_matches([world.need_listing, world.need_expert, world.listing_expert])
    assert not Notification.objects.exists()
    settings.MATCH_NOTIFY_MIN_SCORE = 0.1
    notify_new_matches([world.need_expert, world.listing_expert])
    assert not Notification.objects.exists()


def test_only_people_who_may_see_the_target_are_told(world, enterprise_member, tto_a):
    inactive = UserFactory.create(is_active=False)
    MembershipFactory.create(user=inactive, organization=world.need.organization, role="member")
    pending = MembershipFactory.create(
        organization=world.need.organization, role="member", status="pending"
    ).user
    draft_need = NeedFactory.create(organization=world.need.organization, status="draft")
    hidden = MatchFactory.create(need=draft_need, achievement=world.listing)
    notify_new_matches([hidden, world.need_listing])
    # A draft need's match is shown to nobody yet: it tells neither side anything.
    assert tto_a.email in told(world.need)
    assert told(draft_need) == {}
    assert told(world.listing) == {enterprise_member.email: f"match-need-{world.need.pk}"}
    assert inactive.email not in told(world.listing)
    assert pending.email not in told(world.listing)


def test_an_archived_listing_is_news_to_nobody(world):
    world.listing.status = "archived"
    world.listing.save()
    notify_new_matches([Match.objects.get(pk=world.need_listing.pk)])
    assert told(world.listing) == {}


# --- the email, in the recipient's language -----------------------------------------------------


def test_the_match_email_is_in_the_readers_language_with_why_and_unsubscribe(
    smtp, world, enterprise_member, enterprise, django_capture_on_commit_callbacks
):
    enterprise_member.display_name = "Jane Doe"
    enterprise_member.save()
    chinese = UserFactory.create(
        email="reader-zh@example.org", display_name="王芳", preferred_language="zh-hans"
    )
    MembershipFactory.create(user=chinese, organization=enterprise, role="member")
    for reader in (enterprise_member, chinese):
        NotificationPreferenceFactory.create(user=reader, kind=Kind.MATCH)
    with django_capture_on_commit_callbacks(execute=True):
        notify_new_matches([world.need_listing])
    by_reader = {received.to: received for received in smtp.received}
    english, zh = by_reader[enterprise_member.email], by_reader["reader-zh@example.org"]

    assert english.subject == "Keqiao · New matches: Ceramic-coated separator"
    assert english.text.startswith("Hello Jane Doe,")
    assert "Why: Text relevance · Shared field: Materials engineering" in english.text
    assert "陶瓷" not in english.everything
    assert "/notifications/unsubscribe/" in english.text
    assert english.message["List-Unsubscribe"]

    assert zh.subject == "科桥 · 新的匹配：陶瓷涂层隔膜"
    assert zh.text.startswith("王芳，您好：")
    assert "材料工程" in zh.text
    assert "Ceramic" not in zh.everything
    assert "/notifications/unsubscribe/" in zh.text

    for received in (english, zh):
        # No confidential content: nothing of the need's description, budget or the other
        # readers; only the listing's public title and the why.
        assert world.need.description not in received.everything
        assert "reader-zh@example.org" not in english.everything
        assert enterprise_member.email not in zh.everything
