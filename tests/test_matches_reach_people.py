"""End to end: a listing is approved, the engine finds the need it fits, both sides are told."""

from __future__ import annotations

import pytest

from achievements.models import Achievement
from achievements.services.moderation import achievement_approve
from matching.engine import services
from matching.matches.models import Match
from matching.notifications.models import Notification
from matching.tests import engine_world as world

pytestmark = pytest.mark.django_db


def test_an_approved_listing_is_matched_and_both_sides_hear_of_it_once(
    moderator,
    enterprise,
    enterprise_member,
    university_a,
    tto_a,
    django_capture_on_commit_callbacks,
):
    world.background()
    need = world.need(organization=enterprise, fields=["2.5"], trl_min=4, trl_max=7)
    listing = world.achievement(
        institution=university_a, fields=["2.5"], trl=6, status=Achievement.Status.SUBMITTED
    )

    with django_capture_on_commit_callbacks(execute=True):
        achievement_approve(actor=moderator, target=listing, reason="Complete and clear")

    match = Match.objects.get(need=need, achievement=listing)
    assert set(match.parts) >= {"text", "fields", "trl"}
    assert Notification.objects.filter(recipient=enterprise_member, kind="match").count() == 1
    assert Notification.objects.filter(recipient=tto_a, kind="match").count() == 1
    told_about = Notification.objects.get(recipient=enterprise_member, kind="match")
    assert told_about.object_id == listing.pk

    # The nightly rematch finds the same pair again: nobody is told twice.
    services.rematch_all()
    assert Notification.objects.filter(kind="match").count() == 2


def test_nobody_hears_of_a_listing_that_stays_under_review(
    enterprise, enterprise_member, university_a
):
    world.background()
    world.need(organization=enterprise, fields=["2.5"], trl_min=4, trl_max=7)
    world.achievement(
        institution=university_a, fields=["2.5"], trl=6, status=Achievement.Status.SUBMITTED
    )
    services.rematch_all()
    assert not Notification.objects.filter(kind="match").exists()
    assert not Match.objects.filter(kind="need-achievement").exists()
