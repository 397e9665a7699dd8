"""Feedback on matches: who may give it, what it takes, changing one's mind, and withdrawing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from matching.matches.models import MatchFeedback
from matching.matches.services import match_feedback_give, match_feedback_withdraw
from matching.tests import matches_world
from portal.audit import history

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(enterprise, university_a, tto_a):
    return matches_world.build(enterprise, university_a, tto_a)


def test_a_member_of_the_needs_enterprise_marks_a_match_useful(world, enterprise_member):
    feedback = match_feedback_give(
        user=enterprise_member, match=world.need_listing, verdict="useful"
    )
    assert (feedback.verdict, feedback.reason) == ("useful", "")
    (entry,) = history(world.need_listing)
    assert (entry.actor, entry.action, entry.to_state) == (
        enterprise_member,
        "match_feedback",
        "useful",
    )


def test_a_dismissal_needs_one_of_the_reasons(world, enterprise_member):
    with pytest.raises(ValidationError) as missing:
        match_feedback_give(user=enterprise_member, match=world.need_listing, verdict="dismissed")
    assert "reason" in missing.value.message_dict
    with pytest.raises(ValidationError) as unknown:
        match_feedback_give(
            user=enterprise_member, match=world.need_listing, verdict="dismissed", reason="meh"
        )
    assert "reason" in unknown.value.message_dict
    with pytest.raises(ValidationError) as verdict:
        match_feedback_give(user=enterprise_member, match=world.need_listing, verdict="maybe")
    assert "verdict" in verdict.value.message_dict
    assert not MatchFeedback.objects.exists()


def test_changing_ones_mind_updates_the_one_row_and_a_repeat_changes_nothing(
    world, enterprise_member
):
    match = world.need_listing
    match_feedback_give(user=enterprise_member, match=match, verdict="useful")
    match_feedback_give(
        user=enterprise_member, match=match, verdict="dismissed", reason="too-early"
    )
    match_feedback_give(
        user=enterprise_member, match=match, verdict="dismissed", reason="too-early"
    )
    (row,) = MatchFeedback.objects.all()
    assert (row.verdict, row.reason) == ("dismissed", "too-early")
    entries = list(history(match).order_by("pk"))
    assert [(e.from_state, e.to_state, e.reason) for e in entries] == [
        ("", "useful", ""),
        ("useful", "dismissed", "too-early"),
    ]


def test_a_useful_verdict_drops_a_reason_given_with_it(world, enterprise_member):
    feedback = match_feedback_give(
        user=enterprise_member, match=world.need_listing, verdict="useful", reason="too-early"
    )
    assert feedback.reason == ""


def test_colleagues_each_have_their_own_verdict(world, enterprise, enterprise_member):
    colleague = MembershipFactory.create(organization=enterprise, role="member").user
    match_feedback_give(user=enterprise_member, match=world.need_listing, verdict="useful")
    match_feedback_give(
        user=colleague, match=world.need_listing, verdict="dismissed", reason="already-known"
    )
    assert MatchFeedback.objects.filter(match=world.need_listing).count() == 2


def test_the_listings_tto_may_give_feedback_too(world, tto_a):
    match_feedback_give(
        user=tto_a, match=world.listing_expert, verdict="dismissed", reason="wrong-field"
    )
    assert MatchFeedback.objects.get().user == tto_a


def test_nobody_else_may_give_feedback(world, tto_b, researcher_a, moderator, expert_user):
    other_enterprise = UserFactory.create()
    MembershipFactory.create(
        user=other_enterprise, organization=OrganizationFactory.create(), role="member"
    )
    for outsider in (tto_b, researcher_a, moderator, expert_user, other_enterprise):
        with pytest.raises(PermissionDenied):
            match_feedback_give(user=outsider, match=world.need_listing, verdict="useful")
    assert not MatchFeedback.objects.exists()


def test_a_match_of_a_withdrawn_listing_takes_no_more_feedback(world, enterprise_member):
    world.listing.status = "archived"
    world.listing.save()
    with pytest.raises(PermissionDenied):
        match_feedback_give(user=enterprise_member, match=world.need_listing, verdict="useful")


def test_withdrawing_removes_the_verdict_and_is_audited_and_repeatable(world, enterprise_member):
    match = world.need_listing
    match_feedback_give(
        user=enterprise_member, match=match, verdict="dismissed", reason="not-relevant"
    )
    assert match_feedback_withdraw(user=enterprise_member, match=match) is True
    assert match_feedback_withdraw(user=enterprise_member, match=match) is False
    assert not MatchFeedback.objects.exists()
    last = history(match).order_by("-pk").first()
    assert last is not None
    assert last.action == "match_feedback_withdraw"


@pytest.mark.django_db(transaction=True)
def test_two_first_verdicts_at_once_leave_one_row_and_no_error(
    enterprise, university_a, tto_a, enterprise_member
):
    from accounts.models import User
    from matching.tests.test_concurrency import run_together

    match = matches_world.build(enterprise, university_a, tto_a).need_listing
    reasons = ["too-early", "not-relevant", "wrong-field", "already-known"]

    def dismiss(number: int) -> str:
        user = User.objects.get(pk=enterprise_member.pk)  # each thread its own roles cache
        feedback = match_feedback_give(
            user=user, match=match, verdict="dismissed", reason=reasons[number]
        )
        return feedback.reason

    run_together(4, dismiss)
    (row,) = MatchFeedback.objects.filter(match=match)
    assert row.reason in reasons
    assert history(match).count() in range(1, 5)  # one entry per change that took place
