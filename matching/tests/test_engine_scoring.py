"""Each part of a match score, on small catalogues indexed for real."""

from __future__ import annotations

import pytest

from accounts.tests.factories import EnterpriseFactory, MembershipFactory
from achievements.models import Achievement
from achievements.tests.factories import DisclosureFactory
from experts.models import Expert
from matching.engine import profiles, weights
from matching.engine.ranking import Scored, rank
from matching.matches.models import Match, MatchFeedback
from matching.tests import engine_world as world
from portal.search import index_objects, similar

pytestmark = pytest.mark.django_db


def ranked(source_kind: str, source_id: int, target: str) -> list[Scored]:
    source = profiles.load(source_kind, [source_id])[source_id]
    return rank(source, target)


def by_id(scored: list[Scored]) -> dict[int, Scored]:
    return {s.target_id: s for s in scored}


def test_parts_sum_to_the_score_and_text_alone_separates_related_from_unrelated():
    world.background()
    related = world.achievement()
    need = world.need()
    scored = ranked("need", need.pk, "achievement")
    assert scored[0].target_id == related.pk
    assert scored[0].parts["text"] > 0.3
    for item in scored:
        assert item.score == pytest.approx(sum(item.parts.values()), abs=1e-6)
    # The six listings about rice, bridges, tea… share no word with the need.
    assert set(by_id(scored)) == {related.pk}


def test_same_field_ranks_above_a_sibling_field_above_an_unrelated_one():
    world.background()
    same = world.achievement(fields=["2.5"])
    sibling = world.achievement(fields=["2.6"])
    unrelated = world.achievement(fields=["5.1"])
    need = world.need(fields=["2.5"])
    scored = by_id(ranked("need", need.pk, "achievement"))
    assert scored[same.pk].parts["fields"] == weights.FIELD_SAME
    assert scored[sibling.pk].parts["fields"] == weights.FIELD_PARENT
    assert scored[unrelated.pk].parts["fields"] == 0.0
    assert scored[same.pk].score > scored[sibling.pk].score > scored[unrelated.pk].score


def test_a_field_and_its_parent_count_as_the_same_family():
    world.background()
    child = world.achievement(fields=["2.5"])
    need = world.need(fields=["2"])
    assert by_id(ranked("need", need.pk, "achievement"))[child.pk].parts["fields"] == (
        weights.FIELD_PARENT
    )


def test_trl_inside_the_wanted_range_scores_full_and_falls_off_outside():
    world.background()
    inside = world.achievement(trl=5)
    one_off = world.achievement(trl=7)
    far = world.achievement(trl=9)
    unknown = world.achievement(trl=None)
    need = world.need(trl_min=4, trl_max=6)
    scored = by_id(ranked("need", need.pk, "achievement"))
    assert scored[inside.pk].parts["trl"] == weights.TRL_INSIDE
    assert scored[one_off.pk].parts["trl"] == weights.TRL_INSIDE - weights.TRL_STEP
    assert scored[far.pk].parts["trl"] == 0.0
    assert scored[unknown.pk].parts["trl"] == 0.0
    assert scored[inside.pk].score > scored[one_off.pk].score > scored[far.pk].score


def test_a_shared_transfer_mode_and_the_same_region_add_their_parts():
    world.background()
    fitting = world.achievement(
        transfer_modes=["joint-development"], institution=world.institution("zhejiang")
    )
    other = world.achievement(transfer_modes=["assignment"], institution=world.institution("tibet"))
    need = world.need(
        cooperation_modes=["joint-development"],
        organization=EnterpriseFactory.create(region="zhejiang"),
    )
    scored = by_id(ranked("need", need.pk, "achievement"))
    assert scored[fitting.pk].parts["mode"] == weights.MODE
    assert scored[fitting.pk].parts["region"] == weights.REGION
    assert scored[other.pk].parts["mode"] == 0.0
    assert scored[other.pk].parts["region"] == 0.0


def test_the_needs_own_region_wins_over_its_organisations():
    world.background()
    in_tibet = world.achievement(institution=world.institution("tibet"))
    need = world.need(region="tibet", organization=EnterpriseFactory.create(region="zhejiang"))
    assert by_id(ranked("need", need.pk, "achievement"))[in_tibet.pk].parts["region"] == (
        weights.REGION
    )


def test_drafts_listings_under_review_and_disclosures_never_take_part():
    world.background()
    draft = world.achievement(status=Achievement.Status.DRAFT)
    submitted = world.achievement(status=Achievement.Status.SUBMITTED)
    DisclosureFactory.create(title=world.BATTERY, abstract=world.BATTERY_TEXT)
    published = world.achievement()
    need = world.need()
    assert set(by_id(ranked("need", need.pk, "achievement"))) == {published.pk}
    # A need that is not published has no matches either way.
    hidden_need = world.need(status="draft")
    assert ranked("need", hidden_need.pk, "achievement") == []
    assert similar("need", hidden_need.pk, target="achievement") == []
    assert not {draft.pk, submitted.pk} & {
        s.object_id for s in similar("need", need.pk, target="achievement")
    }


def test_experts_take_part_public_and_registered_only_but_not_inactive():
    world.background()
    public = world.expert(keywords=["lithium batteries", "separator"], bio=world.BATTERY_TEXT)
    registered = world.expert(
        keywords=["solid electrolyte"],
        bio=world.BATTERY_TEXT,
        visibility=Expert.Visibility.REGISTERED,
    )
    inactive = world.expert(keywords=["separator"], bio=world.BATTERY_TEXT, is_active=False)
    need = world.need()
    found = set(by_id(ranked("need", need.pk, "expert")))
    assert {public.pk, registered.pk} <= found
    assert inactive.pk not in found
    achievement = world.achievement()
    assert {public.pk, registered.pk} <= set(by_id(ranked("achievement", achievement.pk, "expert")))


def dismiss(match_need, target: Achievement, reason: str) -> None:
    member = MembershipFactory.create(organization=match_need.organization, role="member").user
    match = Match.objects.create(
        kind=Match.Kind.NEED_ACHIEVEMENT, need=match_need, achievement=target, score=0.5
    )
    MatchFeedback.objects.create(
        match=match, user=member, verdict=MatchFeedback.Verdict.DISMISSED, reason=reason
    )


def test_already_known_sinks_that_achievement_for_every_need_of_the_organisation():
    world.background()
    known = world.achievement()
    fresh = world.achievement()
    first = world.need()
    second = world.need(organization=first.organization)
    stranger = world.need()
    dismiss(first, known, MatchFeedback.Reason.ALREADY_KNOWN)
    assert known.pk not in by_id(ranked("need", second.pk, "achievement"))
    assert fresh.pk in by_id(ranked("need", second.pk, "achievement"))
    # Another enterprise's dismissal changes nothing for this one.
    assert "feedback" not in by_id(ranked("need", stranger.pk, "achievement"))[known.pk].parts


def test_wrong_field_lowers_achievements_of_that_field():
    world.background()
    wrong = world.achievement(fields=["5.1"])
    alike = world.achievement(fields=["5.1"])
    other = world.achievement(fields=["2.5"])
    need = world.need()
    before = by_id(ranked("need", need.pk, "achievement"))
    dismiss(need, wrong, MatchFeedback.Reason.WRONG_FIELD)
    after = by_id(ranked("need", need.pk, "achievement"))
    assert after[alike.pk].parts["feedback"] == weights.FEEDBACK_WRONG_FIELD
    assert after[alike.pk].score < before[alike.pk].score
    assert "feedback" not in after[other.pk].parts
    assert after[other.pk].score > after[alike.pk].score


def test_too_early_lowers_achievements_at_or_below_that_trl():
    world.background()
    early = world.achievement(trl=3)
    as_early = world.achievement(trl=2)
    mature = world.achievement(trl=7)
    need = world.need()
    dismiss(need, early, MatchFeedback.Reason.TOO_EARLY)
    scored = by_id(ranked("need", need.pk, "achievement"))
    assert scored[as_early.pk].parts["feedback"] == weights.FEEDBACK_TOO_EARLY
    assert "feedback" not in scored[mature.pk].parts


def test_not_relevant_lowers_achievements_with_the_same_title_words():
    world.background()
    dismissed = world.achievement(title="Ceramic separator coating line")
    same_words = world.achievement(title="Ceramic separator coating process")
    different = world.achievement(title="Polymer electrolyte for lithium cells")
    need = world.need()
    dismiss(need, dismissed, MatchFeedback.Reason.NOT_RELEVANT)
    scored = by_id(ranked("need", need.pk, "achievement"))
    assert scored[same_words.pk].parts["feedback"] < 0
    assert scored[same_words.pk].parts["feedback"] < scored[different.pk].parts.get("feedback", 0)


def test_dismissals_by_the_other_side_do_not_count_for_the_need():
    world.background()
    target = world.achievement()
    need = world.need()
    tto = MembershipFactory.create(organization=target.institution).user
    match = Match.objects.create(
        kind=Match.Kind.NEED_ACHIEVEMENT, need=need, achievement=target, score=0.5
    )
    MatchFeedback.objects.create(
        match=match, user=tto, verdict="dismissed", reason=MatchFeedback.Reason.ALREADY_KNOWN
    )
    assert "feedback" not in by_id(ranked("need", need.pk, "achievement"))[target.pk].parts
    # …but they do for the institution's own listings' lists.
    assert need.pk not in by_id(ranked("achievement", target.pk, "need"))


def test_an_achievement_finds_needs_with_the_same_parts():
    world.background()
    need = world.need(trl_min=4, trl_max=6, fields=["2.5"])
    achievement = world.achievement(trl=5, fields=["2.5"])
    from_achievement = by_id(ranked("achievement", achievement.pk, "need"))[need.pk]
    assert from_achievement.parts["fields"] == weights.FIELD_SAME
    assert from_achievement.parts["trl"] == weights.TRL_INSIDE


def test_a_listing_dropped_from_the_index_stops_matching():
    world.background()
    gone = world.achievement()
    need = world.need()
    assert gone.pk in by_id(ranked("need", need.pk, "achievement"))
    Achievement.objects.filter(pk=gone.pk).update(status=Achievement.Status.ARCHIVED)
    index_objects(Achievement, [gone.pk])
    assert gone.pk not in by_id(ranked("need", need.pk, "achievement"))
