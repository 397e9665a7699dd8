"""/api/v1/matches/: the caller's matches with why, the shared filters, feedback and its undo."""

from __future__ import annotations

import pytest

from achievements.tests.factories import AchievementFactory
from matching.matches.models import MatchFeedback
from matching.matches.services import match_feedback_give
from matching.tests import matches_world
from matching.tests.factories import MatchFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/matches/"


@pytest.fixture
def world(enterprise, university_a, tto_a):
    return matches_world.build(enterprise, university_a, tto_a)


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_anonymous_callers_are_told_to_authenticate(api_client, world):
    for url in (URL, f"{URL}{world.need_listing.pk}/", f"{URL}dismissals/"):
        response = api_client.get(url)
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"
        assert response["WWW-Authenticate"].startswith("Token")


def test_the_enterprise_lists_its_matches_best_first_with_parts_and_why(
    api_client_for, enterprise_member, world
):
    response = api_client_for(enterprise_member).get(URL)
    assert ids(response) == [world.need_listing.pk, world.need_expert.pk]
    first = response.json()["results"][0]
    assert first["kind"] == "need-achievement"
    assert first["score"] == pytest.approx(0.8)
    assert first["parts"] == pytest.approx(matches_world.PARTS)
    assert first["achievement"]["title_en"] == "Ceramic-coated separator"
    assert first["need"]["organization"]["id"] == world.need.organization_id
    assert first["expert"] is None
    assert first["your_feedback"] is None
    why = {reason["name"]: reason for reason in first["why"]}
    assert why["fields"]["detail"] == "Materials engineering"
    assert why["trl"]["detail"] == "TRL 6 within the range sought, 5–7"
    assert why["text"]["percent"] == 38


def test_the_why_follows_accept_language(api_client_for, enterprise_member, world):
    response = api_client_for(enterprise_member).get(
        f"{URL}{world.need_listing.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    why = {reason["name"]: reason for reason in response.json()["why"]}
    assert why["fields"]["detail"] == "材料工程"


def test_each_side_sees_its_own_matches_only(
    api_client_for, tto_a, tto_b, moderator, expert_user, researcher_a, admin, world
):
    assert set(ids(api_client_for(tto_a).get(URL))) == {
        world.need_listing.pk,
        world.listing_expert.pk,
    }
    for outsider in (tto_b, moderator, expert_user, researcher_a):
        assert ids(api_client_for(outsider).get(URL)) == []
        detail = api_client_for(outsider).get(f"{URL}{world.need_listing.pk}/")
        assert detail.status_code == 404
    assert len(ids(api_client_for(admin).get(URL))) == 3


def test_filters_are_the_pages_filters(api_client_for, enterprise_member, world):
    client = api_client_for(enterprise_member)
    assert ids(client.get(URL, {"kind": "need-expert"})) == [world.need_expert.pk]
    assert ids(client.get(URL, {"achievement": world.listing.pk})) == [world.need_listing.pk]
    assert ids(client.get(URL, {"expert": world.expert.pk})) == [world.need_expert.pk]
    assert ids(client.get(URL, {"min_score": "0.5"})) == [world.need_listing.pk]
    match_feedback_give(
        user=enterprise_member, match=world.need_listing, verdict="dismissed", reason="too-early"
    )
    assert ids(client.get(URL, {"dismissed": "false"})) == [world.need_expert.pk]
    assert ids(client.get(URL, {"dismissed": "true"})) == [world.need_listing.pk]
    assert len(ids(client.get(URL))) == 2


def test_bad_filters_are_400s_in_the_error_shape(api_client_for, enterprise_member, world):
    client = api_client_for(enterprise_member)
    for params in (
        {"min_score": "x"},
        {"kind": "nope"},
        {"dismissed": "maybe"},
        {"need": "0"},
        {"cursor": "garbage"},
    ):
        response = client.get(URL, params)
        assert response.status_code == 400, params
        assert set(response.json()) >= {"code", "message", "errors"}


def test_the_cursor_pages_through_scores(api_client_for, enterprise_member, world, university_a):
    for n in range(1, 6):
        MatchFactory.create(
            need=world.need,
            achievement=AchievementFactory.create(institution=university_a),
            parts={"text": 0.1 + n / 70},
        )
    client = api_client_for(enterprise_member)
    seen: list[int] = []
    url: str | None = f"{URL}?page_size=2"
    while url:
        body = client.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == 7
    scores = [client.get(f"{URL}{pk}/").json()["score"] for pk in seen]
    assert scores == sorted(scores, reverse=True)


def test_feedback_is_given_changed_and_taken_back(api_client_for, enterprise_member, world):
    client = api_client_for(enterprise_member)
    url = f"{URL}{world.need_listing.pk}/feedback/"
    response = client.post(url, {"verdict": "useful"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["your_feedback"] == {"verdict": "useful", "reason": ""}
    response = client.post(url, {"verdict": "dismissed", "reason": "too-early"}, format="json")
    assert response.json()["your_feedback"] == {"verdict": "dismissed", "reason": "too-early"}
    assert MatchFeedback.objects.get().reason == "too-early"
    assert client.delete(url).status_code == 204
    assert client.delete(url).status_code == 204  # nothing left: still done
    assert not MatchFeedback.objects.exists()


def test_bad_feedback_names_the_field(api_client_for, enterprise_member, world):
    client = api_client_for(enterprise_member)
    url = f"{URL}{world.need_listing.pk}/feedback/"
    for body, field in (
        ({"verdict": "dismissed"}, "reason"),
        ({"verdict": "dismissed", "reason": ""}, "reason"),
        ({"verdict": "dismissed", "reason": "boring"}, "reason"),
        ({"verdict": 1}, "verdict"),
        ({}, "verdict"),
    ):
        response = client.post(url, body, format="json")
        assert response.status_code == 400, body
        assert field in response.json()["errors"], (body, response.json())
    assert not MatchFeedback.objects.exists()


def test_feedback_on_a_match_one_may_not_see_is_a_404(api_client_for, tto_b, world):
    url = f"{URL}{world.need_listing.pk}/feedback/"
    assert api_client_for(tto_b).post(url, {"verdict": "useful"}, format="json").status_code == 404
    assert api_client_for(tto_b).delete(url).status_code == 404
    assert not MatchFeedback.objects.exists()


def test_a_tto_reads_its_listings_dismissals_as_counts_only(
    api_client_for, tto_a, tto_b, enterprise_member, world
):
    match_feedback_give(
        user=enterprise_member, match=world.need_listing, verdict="dismissed", reason="too-early"
    )
    body = api_client_for(tto_a).get(f"{URL}dismissals/").json()
    counts = {row["reason"]: row["count"] for row in body["reasons"]}
    assert counts == {"not-relevant": 0, "too-early": 1, "wrong-field": 0, "already-known": 0}
    assert body["listings"] == [
        {
            "achievement": world.listing.pk,
            "total": 1,
            "counts": {"not-relevant": 0, "too-early": 1, "wrong-field": 0, "already-known": 0},
        }
    ]
    assert enterprise_member.email not in str(body)
    one = api_client_for(tto_a).get(f"{URL}dismissals/", {"achievement": world.listing.pk})
    assert {row["reason"]: row["count"] for row in one.json()["reasons"]}["too-early"] == 1
    # Another TTO asking about this listing learns nothing: its own institution has none.
    other = api_client_for(tto_b).get(f"{URL}dismissals/", {"achievement": world.listing.pk})
    assert [row["count"] for row in other.json()["reasons"]] == [0, 0, 0, 0]
    assert other.json()["listings"] == []
    for bad in ("x", "0", "99999999"):
        response = api_client_for(tto_a).get(f"{URL}dismissals/", {"achievement": bad})
        assert response.status_code == 400
        assert "achievement" in response.json()["errors"]
