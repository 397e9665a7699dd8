"""Storing matches: upsert, idempotence, removal, the new-match hook, after-commit scheduling."""

from __future__ import annotations

import pytest

from achievements.models import Achievement
from achievements.services.moderation import achievement_approve, achievement_take_down
from experts.models import Expert
from matching import tasks
from matching.engine import hooks, services
from matching.matches.models import Match, MatchFeedback
from matching.tests import engine_world as world
from portal.search import index_objects

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_matches(monkeypatch) -> list[list[Match]]:
    """Every call of the hook, with the rows it was given."""
    calls: list[list[Match]] = []
    original = hooks.on_new_matches

    def record(matches: list[Match]) -> None:
        calls.append(matches)
        original(matches)

    monkeypatch.setattr(hooks, "on_new_matches", record)
    return calls


def pairs(**sides: object) -> set[tuple[int | None, int | None, int | None]]:
    return {(m.need_id, m.achievement_id, m.expert_id) for m in Match.objects.filter(**sides)}


def test_matching_a_need_stores_its_achievements_and_experts_with_their_parts(new_matches):
    world.background()
    achievement = world.achievement(fields=["2.5"])
    expert = world.expert(keywords=["separator"], bio=world.BATTERY_TEXT)
    need = world.need(fields=["2.5"])
    outcome = services.match_listing(kind="need", object_id=need.pk)
    assert outcome.matchable
    assert outcome.new == 2
    stored = Match.objects.get(need=need, achievement=achievement)
    assert stored.kind == Match.Kind.NEED_ACHIEVEMENT
    assert stored.score == pytest.approx(sum(stored.parts.values()))
    assert set(stored.parts) == {"text", "fields", "trl", "mode", "region"}
    assert stored.found_from == Match.FROM_NEED
    assert Match.objects.get(need=need, expert=expert).kind == Match.Kind.NEED_EXPERT
    assert [sorted(m.pk for m in call) for call in new_matches] == [
        sorted(Match.objects.values_list("pk", flat=True))
    ]


def test_recomputing_is_idempotent_and_tells_the_hook_only_about_new_pairs(new_matches):
    world.background()
    first = world.achievement()
    need = world.need()
    services.match_listing(kind="need", object_id=need.pk)
    before = {m.pk: (m.score, m.parts, m.found_at) for m in Match.objects.all()}
    again = services.match_listing(kind="need", object_id=need.pk)
    assert again.new == 0
    assert {m.pk: (m.score, m.parts, m.found_at) for m in Match.objects.all()} == before
    assert len(new_matches) == 1  # the second run found nothing new: no call
    second = world.achievement()
    services.match_listing(kind="need", object_id=need.pk)
    assert [[m.achievement_id for m in call] for call in new_matches[1:]] == [[second.pk]]
    assert pairs(need=need) == {(need.pk, first.pk, None), (need.pk, second.pk, None)}


def test_a_pair_that_drops_out_of_the_list_is_removed_unless_it_has_feedback():
    world.background()
    drifting = world.achievement()
    judged = world.achievement()
    need = world.need()
    services.match_listing(kind="need", object_id=need.pk)
    match = Match.objects.get(need=need, achievement=judged)
    member = world.MembershipFactory.create(organization=need.organization, role="member").user
    MatchFeedback.objects.create(match=match, user=member, verdict="useful")
    for achievement in (drifting, judged):
        Achievement.objects.filter(pk=achievement.pk).update(
            title_en="Rice paddy irrigation scheduling", summary_en="Irrigation of rice paddies."
        )
        index_objects(Achievement, [achievement.pk])
    services.match_listing(kind="need", object_id=need.pk)
    assert not Match.objects.filter(need=need, achievement=drifting).exists()
    kept = Match.objects.get(pk=match.pk)
    assert kept.found_from == 0  # on no list any more, kept for its feedback


def test_a_pair_on_both_lists_keeps_the_needs_parts_and_stays_while_one_list_holds_it():
    world.background()
    achievement = world.achievement()
    need = world.need()
    services.match_listing(kind="need", object_id=need.pk)
    from_need = Match.objects.get(need=need, achievement=achievement)
    services.match_listing(kind="achievement", object_id=achievement.pk)
    both = Match.objects.get(pk=from_need.pk)
    assert both.found_from == Match.FROM_NEED | Match.FROM_ACHIEVEMENT
    assert (both.score, both.parts) == (from_need.score, from_need.parts)


def test_an_unpublished_listing_loses_all_its_matches(
    moderator, django_capture_on_commit_callbacks
):
    world.background()
    achievement = world.achievement()
    need = world.need()
    expert = world.expert(keywords=["separator"], bio=world.BATTERY_TEXT)
    services.match_listing(kind="need", object_id=need.pk)
    services.match_listing(kind="achievement", object_id=achievement.pk)
    assert Match.objects.filter(achievement=achievement).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        achievement_take_down(actor=moderator, target=achievement, reason="Upheld abuse report")
    assert not Match.objects.filter(achievement=achievement).exists()
    assert Match.objects.filter(need=need, expert=expert).exists()


def test_a_deactivated_expert_loses_its_matches():
    world.background()
    expert = world.expert(keywords=["separator"], bio=world.BATTERY_TEXT)
    need = world.need()
    services.match_listing(kind="need", object_id=need.pk)
    assert Match.objects.filter(expert=expert).exists()
    Expert.objects.filter(pk=expert.pk).update(is_active=False)
    index_objects(Expert, [expert.pk])
    tasks.match_expert(expert.pk)
    assert not Match.objects.filter(expert=expert).exists()


def test_publishing_enqueues_matching_only_after_the_commit(
    moderator, django_capture_on_commit_callbacks, new_matches
):
    world.background()
    need = world.need()
    listing = world.achievement(status=Achievement.Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        achievement_approve(actor=moderator, target=listing, reason="Complete and clear")
        assert not Match.objects.exists()
    assert not Match.objects.exists()  # nothing ran inside the transaction
    assert len(callbacks) == 1
    callbacks[0]()  # the commit happens: the task runs (eagerly in tests)
    assert pairs() == {(need.pk, listing.pk, None)}
    assert Match.objects.get().found_from == Match.FROM_ACHIEVEMENT
    assert len(new_matches) == 1


def test_a_rolled_back_publication_enqueues_nothing(moderator, django_capture_on_commit_callbacks):
    world.background()
    world.need()
    listing = world.achievement(status=Achievement.Status.SUBMITTED)

    def approve_then_fail() -> None:
        with world.atomic():
            achievement_approve(actor=moderator, target=listing, reason="Complete and clear")
            raise RuntimeError("the request failed after the approval")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        approve_then_fail()
    assert callbacks == []
    assert not Match.objects.exists()


def test_the_nightly_rematch_adds_new_pairs_and_drops_stale_ones():
    world.background()
    old = world.achievement()
    need = world.need()
    expert = world.expert(keywords=["separator"], bio=world.BATTERY_TEXT)
    services.match_listing(kind="need", object_id=need.pk)
    # Changes whose tasks were lost: a new listing, and one withdrawn behind the engine's back.
    new = world.achievement()
    Achievement.objects.filter(pk=old.pk).update(status=Achievement.Status.ARCHIVED)
    index_objects(Achievement, [old.pk])
    report = tasks.rematch_all()
    assert report["removed"] == 1
    assert report["sources"] == 2  # the need and the expert
    assert pairs(need=need) == {(need.pk, new.pk, None), (need.pk, None, expert.pk)}
    assert Match.objects.filter(expert=expert, achievement=new).exists()


def test_the_tasks_take_ids_and_ignore_what_does_not_exist():
    assert tasks.match_need(987654) == 0
    assert tasks.match_achievement(987654) == 0
    assert tasks.match_chunk("need", [987654]) == 0


def test_saving_an_expert_schedules_its_matching_after_commit(django_capture_on_commit_callbacks):
    from matching.engine import schedule_if_matchable

    world.background()
    need = world.need()
    expert = world.expert(keywords=["separator"], bio=world.BATTERY_TEXT)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        schedule_if_matchable(expert)
        schedule_if_matchable(need.organization)  # not a matchable kind: nothing
    assert len(callbacks) == 1
    callbacks[0]()
    match = Match.objects.get()
    assert (match.need_id, match.expert_id) == (need.pk, expert.pk)
    assert match.found_from == Match.FROM_EXPERT


def test_an_expert_saved_in_the_admin_gets_matched(
    admin, client, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    world.background()
    need = world.need()
    expert = world.expert(keywords=["pottery"], bio="Glazes for porcelain.")
    client.force_login(admin)
    data = {
        "name_en": expert.name_en,
        "name_zh": expert.name_zh,
        "title": "Professor",
        "keywords": "separator,lithium batteries",
        "bio": world.BATTERY_TEXT,
        "publications": "",
        "patents": "",
        "languages": "en",
        "available_for_evaluation": "on",
        "visibility": "public",
        "is_active": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:experts_expert_change", args=[expert.pk]), data)
    assert response.status_code == 302, response.content[:2000]
    assert Match.objects.filter(need=need, expert=expert).exists()
