"""My matches, a match's page, the panels on need and listing pages, the why and the
aggregate dismissal reasons a TTO sees."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.tests.factories import MembershipFactory, OrganizationFactory
from achievements.tests.factories import AchievementFactory
from matching.matches.filtersets import MatchFilterSet
from matching.matches.models import Match, MatchFeedback
from matching.matches.services import match_feedback_give
from matching.matches.why import explain, summary
from matching.tests import matches_world
from matching.tests.factories import MatchFactory
from needs.tests.factories import NeedFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(enterprise, university_a, tto_a):
    return matches_world.build(enterprise, university_a, tto_a)


def shown(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'data-match="(\d+)"', html)}


# --- why ----------------------------------------------------------------------------------------


def test_the_why_names_what_the_sides_share_with_the_numbers(world):
    reasons = {reason.name: reason for reason in explain(world.need_listing)}
    assert list(reasons) == ["fields", "text", "trl", "mode", "region"]
    assert reasons["fields"].label == "Shared field"
    assert reasons["fields"].detail == "Materials engineering"
    assert reasons["trl"].detail == "TRL 6 within the range sought, 5–7"
    assert reasons["mode"].detail == "Exclusive licence"
    assert reasons["region"].detail == "Zhejiang"
    assert reasons["text"].value == pytest.approx(0.3)
    assert reasons["text"].percent == 38  # 0.3 of 0.8
    assert sum(reason.percent for reason in reasons.values()) == 100  # 38 + 31 + 19 + 6 + 6


def test_a_negative_feedback_part_is_explained_as_lowering_the_score(world):
    world.need_listing.parts = {"text": 0.5, "feedback": -0.2}
    (text, feedback) = explain(world.need_listing)
    assert (text.percent, feedback.name, feedback.lowers) == (100, "feedback", True)
    assert feedback.label == "Lowered by your earlier dismissals"


def test_unknown_or_malformed_parts_neither_break_nor_hide_the_why(world):
    world.need_listing.parts = {"novelty": 0.2, "text": "high", "trl": 0, "fields": True}
    assert [(r.name, r.label) for r in explain(world.need_listing)] == [("novelty", "novelty")]
    world.need_listing.parts = ["not", "a", "dict"]
    assert explain(world.need_listing) == []


def test_the_why_is_in_the_readers_language(world):
    with translation.override("zh-hans"):
        chinese = {reason.name: reason for reason in explain(world.need_listing)}
    assert chinese["fields"].detail == "材料工程"
    with translation.override("en"):
        assert summary(world.need_listing).startswith("Text relevance · Shared field: Mat")


# --- My matches ---------------------------------------------------------------------------------


def test_my_matches_shows_the_enterprises_matches_with_their_why(
    world, client_for, enterprise_member
):
    response = client_for(enterprise_member).get(reverse("match-list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert shown(html) == {world.need_listing.pk, world.need_expert.pk}
    assert "Shared field: Materials engineering" in html
    assert "TRL 6 within the range sought, 5–7" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_my_matches_of_a_tto_officer_are_those_of_their_listings_with_dismissal_counts(
    world, client_for, tto_a, enterprise_member
):
    match_feedback_give(
        user=enterprise_member, match=world.need_listing, verdict="dismissed", reason="too-early"
    )
    html = client_for(tto_a).get(reverse("match-list")).content.decode()
    assert shown(html) == {world.need_listing.pk, world.listing_expert.pk}
    counts = re.search(r'data-testid="dismissal-count-too-early">(\d+)<', html)
    assert counts is not None
    assert counts.group(1) == "1"
    assert enterprise_member.email not in html  # counts only, never who
    assert str(enterprise_member) not in html


def test_dismissed_matches_are_hidden_until_asked_for(world, client_for, enterprise_member):
    match_feedback_give(
        user=enterprise_member, match=world.need_listing, verdict="dismissed", reason="too-early"
    )
    client = client_for(enterprise_member)
    assert shown(client.get(reverse("match-list")).content.decode()) == {world.need_expert.pk}
    everything = client.get(reverse("match-list") + "?dismissed=").content.decode()
    assert shown(everything) == {world.need_listing.pk, world.need_expert.pk}
    only = client.get(reverse("match-list") + "?dismissed=true").content.decode()
    assert shown(only) == {world.need_listing.pk}


def test_my_matches_is_sorted_by_score_and_pages_by_cursor(
    world, client_for, enterprise_member, university_a
):
    extra = [
        MatchFactory.create(
            need=world.need,
            achievement=AchievementFactory.create(institution=university_a),
            parts={"text": 0.01 * n},
        )
        for n in range(1, 25)
    ]
    client = client_for(enterprise_member)
    first = client.get(reverse("match-list")).content.decode()
    order = [int(pk) for pk in re.findall(r'data-match="(\d+)"', first)]
    scores = dict(Match.objects.values_list("pk", "score"))
    assert [scores[pk] for pk in order] == sorted((scores[pk] for pk in order), reverse=True)
    assert len(order) == 20
    link = re.search(r'href="([^"]+)" rel="next"', first)
    assert link is not None
    next_url = link.group(1).replace("&amp;", "&")
    second = client.get(next_url).content.decode()
    rest = [int(pk) for pk in re.findall(r'data-match="(\d+)"', second)]
    assert set(order) | set(rest) == {world.need_listing.pk, world.need_expert.pk} | {
        m.pk for m in extra
    }
    assert not set(order) & set(rest)


def test_bad_filters_are_a_400_page_not_a_500(client_for, enterprise_member):
    client = client_for(enterprise_member)
    for query in ("?min_score=lots", "?kind=nonsense", "?cursor=%00", "?need=-1"):
        assert client.get(reverse("match-list") + query).status_code == 400


def test_the_filterset_filters_by_kind_side_and_score(world, rf, enterprise_member):
    request = rf.get("/")
    request.user = enterprise_member
    base = Match.objects.visible_to(enterprise_member)

    def count(**params):
        filterset = MatchFilterSet(rf.get("/", params).GET, queryset=base, request=request)
        assert filterset.is_valid(), filterset.errors
        return filterset.qs.count()

    assert count() == 2
    assert count(kind="need-expert") == 1
    assert count(achievement=str(world.listing.pk)) == 1
    assert count(expert=str(world.expert.pk)) == 1
    assert count(need=str(world.need.pk)) == 2
    assert count(min_score="0.5") == 1  # 0.8 and 0.4


def test_the_my_matches_link_is_there_for_enterprise_members_and_tto_officers(
    client_for, enterprise_member, tto_a, researcher_a
):
    url = reverse("match-list")
    assert url in client_for(enterprise_member).get(reverse("dashboard")).content.decode()
    assert url in client_for(tto_a).get(reverse("dashboard")).content.decode()
    assert url not in client_for(researcher_a).get(reverse("dashboard")).content.decode()


# --- one match, feedback from the page ----------------------------------------------------------


def test_dismissing_from_the_page_works_without_javascript(world, client_for, enterprise_member):
    client = client_for(enterprise_member)
    response = client.post(
        reverse("match-feedback", args=[world.need_listing.pk]),
        {"verdict": "dismissed", "reason": "too-early", "next": reverse("match-list")},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("match-list")
    feedback = MatchFeedback.objects.get()
    assert (feedback.user, feedback.verdict, feedback.reason) == (
        enterprise_member,
        "dismissed",
        "too-early",
    )
    page = client.get(reverse("match-detail", args=[world.need_listing.pk])).content.decode()
    assert "Dismissed: Too early" in page
    client.post(reverse("match-feedback-withdraw", args=[world.need_listing.pk]))
    assert not MatchFeedback.objects.exists()


def test_a_dismissal_without_a_reason_is_refused_with_a_message(
    world, client_for, enterprise_member
):
    client = client_for(enterprise_member)
    response = client.post(
        reverse("match-feedback", args=[world.need_listing.pk]),
        {"verdict": "dismissed"},
        follow=True,
    )
    assert "Say why you dismiss this match." in response.content.decode()
    assert not MatchFeedback.objects.exists()


def test_feedback_goes_back_to_a_local_page_only(world, client_for, enterprise_member):
    response = client_for(enterprise_member).post(
        reverse("match-feedback", args=[world.need_listing.pk]),
        {"verdict": "useful", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("match-detail", args=[world.need_listing.pk])


def test_feedback_needs_csrf(world, enterprise_member):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(enterprise_member)
    response = client.post(
        reverse("match-feedback", args=[world.need_listing.pk]), {"verdict": "useful"}
    )
    assert response.status_code == 403
    assert not MatchFeedback.objects.exists()


def test_feedback_is_post_only(world, client_for, enterprise_member):
    url = reverse("match-feedback", args=[world.need_listing.pk])
    assert client_for(enterprise_member).get(url).status_code == 405


# --- panels on the need's and the listing's pages -----------------------------------------------


def test_the_need_page_shows_its_matches_to_its_enterprise_only(
    world, client_for, enterprise_member, tto_a, tto_b
):
    url = reverse("need-detail", args=[world.need.pk])
    own = client_for(enterprise_member).get(url).content.decode()
    assert 'data-testid="matches-panel"' in own
    assert shown(own) == {world.need_listing.pk, world.need_expert.pk}
    for reader in (tto_a, tto_b, None):
        html = client_for(reader).get(url).content.decode()
        assert 'data-testid="matches-panel"' not in html
        assert shown(html) == set()


def test_the_listing_page_shows_its_tto_the_matches_and_the_dismissal_reasons(
    world, client_for, tto_a, tto_b, enterprise_member, enterprise
):
    colleague = MembershipFactory.create(organization=enterprise, role="member").user
    for user, reason in ((enterprise_member, "too-early"), (colleague, "too-early")):
        match_feedback_give(user=user, match=world.need_listing, verdict="dismissed", reason=reason)
    # The TTO's own dismissal of an expert match is not an enterprise dismissing the listing.
    match_feedback_give(
        user=tto_a, match=world.listing_expert, verdict="dismissed", reason="wrong-field"
    )
    url = reverse("achievement-detail", args=[world.listing.pk])
    html = client_for(tto_a).get(url).content.decode()
    assert shown(html) == {world.need_listing.pk}  # the expert match tto_a dismissed is hidden
    assert re.search(r'data-testid="dismissal-count-too-early">2<', html)
    assert re.search(r'data-testid="dismissal-count-wrong-field">0<', html)
    for reader in (enterprise_member, tto_b, None):
        html = client_for(reader).get(url).content.decode()
        assert 'data-testid="matches-panel"' not in html


def test_institution_counts_cover_only_the_officers_own_institution(
    world, tto_b, university_b, enterprise_member
):
    from matching.matches.selectors import dismissal_counts, dismissals_by_listing

    other = MatchFactory.create(
        need=NeedFactory.create(organization=world.need.organization),
        achievement=AchievementFactory.create(institution=university_b),
    )
    match_feedback_give(
        user=enterprise_member, match=world.need_listing, verdict="dismissed", reason="too-early"
    )
    match_feedback_give(
        user=enterprise_member, match=other, verdict="dismissed", reason="already-known"
    )
    counts = {value: count for value, _label, count in dismissal_counts(tto_b)}
    assert counts == {"not-relevant": 0, "too-early": 0, "wrong-field": 0, "already-known": 1}
    rows = dismissals_by_listing(tto_b)
    assert [(row["achievement"], row["total"]) for row in rows] == [(other.achievement, 1)]


def test_an_enterprise_of_another_organisation_sees_no_match(world, client_for):
    outsider = MembershipFactory.create(organization=OrganizationFactory.create(), role="member")
    html = client_for(outsider.user).get(reverse("match-list")).content.decode()
    assert shown(html) == set()
    detail = client_for(outsider.user).get(reverse("match-detail", args=[world.need_listing.pk]))
    assert detail.status_code == 404


def test_my_matches_and_the_api_list_cost_the_same_queries_for_2_or_20_matches(
    world, client_for, enterprise_member, university_a
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    page = client_for(enterprise_member)
    api = APIClient()
    api.force_authenticate(enterprise_member)

    def cost() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as html:
            assert page.get(reverse("match-list")).status_code == 200
        with CaptureQueriesContext(connection) as json:
            assert api.get("/api/v1/matches/").status_code == 200
        return len(html), len(json)

    cost()  # the API client's user object caches its memberships after the first request
    few = cost()
    for _n in range(18):
        listing = AchievementFactory.create(institution=university_a)
        listing.fields.set(world.need.fields.all())
        MatchFactory.create(need=world.need, achievement=listing)
    assert cost() == few


def test_the_admin_site_lists_matches_and_feedback_read_only(world, client_for, admin):
    from matching.tests.factories import MatchFeedbackFactory

    MatchFeedbackFactory.create(match=world.need_listing)
    client = client_for(admin)
    for name in ("match", "matchfeedback"):
        assert client.get(reverse(f"admin:matching_{name}_changelist")).status_code == 200
    change = reverse("admin:matching_match_change", args=[world.need_listing.pk])
    assert client.get(change).status_code == 200
    assert client.get(reverse("admin:matching_match_add")).status_code == 403


def test_a_chinese_reader_gets_the_why_in_chinese_on_the_page(world, client_for, enterprise_member):
    enterprise_member.preferred_language = "zh-hans"
    enterprise_member.save()
    client = client_for(enterprise_member)
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    html = client.get(reverse("match-list")).content.decode()
    assert '<html lang="zh-hans">' in html
    assert "材料工程" in html  # the shared field, named in Chinese
    assert "浙江" in html  # the region
