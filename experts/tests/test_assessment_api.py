"""The expert pool's writes over /api/v1/: the pages' services, the API's error conventions.

404: the caller may not see the object. 403: they may see it, but it is not theirs to change.
409 transition_not_allowed: theirs, but not in this state. 400: the body, naming the field.
"""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from achievements.tests.factories import AchievementFactory
from experts.models import Assessment, Expert
from experts.tests.factories import ExpertFactory

pytestmark = pytest.mark.django_db

EXPERTS = "/api/v1/experts/"
ASSESSMENTS = "/api/v1/assessments/"


def as_user(user: Any) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "errors"}
    if code:
        assert body["code"] == code, body
    return body


def test_a_user_creates_and_edits_their_own_profile(researcher_a, tto_b):
    created = as_user(researcher_a).post(
        EXPERTS,
        {"name_en": "Api Person", "keywords": ["lidar"], "languages": ["en"]},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["is_own"] is True
    pk = created.json()["id"]
    again = as_user(researcher_a).post(EXPERTS, {"name_en": "Twice"}, format="json")
    error(again, 400)
    changed = as_user(researcher_a).patch(f"{EXPERTS}{pk}/", {"title": "Dr"}, format="json")
    assert changed.json()["title"] == "Dr"
    error(as_user(tto_b).patch(f"{EXPERTS}{pk}/", {"title": "X"}, format="json"), 403)
    assert as_user(None).patch(f"{EXPERTS}{pk}/", {"title": "X"}, format="json").status_code == 401


def test_bad_profile_bodies_are_400s_naming_the_field(researcher_a):
    body = error(as_user(researcher_a).post(EXPERTS, {"name_en": 5}, format="json"), 400)
    assert "name_en" in body["errors"]
    body = error(as_user(researcher_a).post(EXPERTS, {"title": "No name"}, format="json"), 400)
    assert "name_zh" in body["errors"]
    error(
        as_user(researcher_a).post(EXPERTS, {"name_en": "X", "languages": ["xx"]}, format="json"),
        400,
    )


def test_a_tto_keeps_and_unlists_a_profile(tto_a, tto_b, university_a):
    client = as_user(tto_a)
    created = client.post(EXPERTS, {"kept_by": university_a.pk, "name_zh": "李教授"}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    error(
        as_user(tto_b).post(EXPERTS, {"kept_by": university_a.pk, "name_zh": "X"}, format="json"),
        403,
    )
    assert client.post(f"{EXPERTS}{pk}/deactivate/").json()["is_active"] is False
    error(as_user(tto_b).get(f"{EXPERTS}{pk}/"), 404)  # unlisted: only its keepers see it


@pytest.fixture
def listing(university_a, tto_a):
    return AchievementFactory.create(institution=university_a, created_by=tto_a)


def test_the_assessment_round_trip(tto_a, tto_b, expert_user, listing):
    expert = Expert.objects.get(user=expert_user)
    asked = as_user(tto_a).post(
        ASSESSMENTS, {"achievement": listing.pk, "experts": [expert.pk]}, format="json"
    )
    assert asked.status_code == 201, asked.content
    pk = asked.json()[0]["id"]
    error(as_user(tto_b).post(f"{ASSESSMENTS}{pk}/submit/", {}, format="json"), 404)
    error(as_user(expert_user).post(f"{ASSESSMENTS}{pk}/submit/", {"trl": "5"}, format="json"), 400)
    body = {"trl": 7, "recommendation": "transfer", "market_potential": 4, "text": "Good."}
    submitted = as_user(expert_user).post(f"{ASSESSMENTS}{pk}/submit/", body, format="json")
    assert submitted.json()["status"] == "submitted"
    error(
        as_user(expert_user).post(f"{ASSESSMENTS}{pk}/decline/", {}, format="json"),
        409,
        "transition_not_allowed",
    )
    error(as_user(expert_user).post(f"{ASSESSMENTS}{pk}/publish/", {}, format="json"), 403)
    assert as_user(None).get(f"{ASSESSMENTS}{pk}/").status_code == 404
    published = as_user(tto_a).post(f"{ASSESSMENTS}{pk}/publish/", {}, format="json")
    assert published.json()["published"] is True
    public = as_user(None).get(ASSESSMENTS).json()["results"]
    assert [a["id"] for a in public] == [pk]


def test_asking_about_an_invisible_listing_is_a_404(tto_b, expert_user, listing):
    draft = AchievementFactory.create(institution=listing.institution, status="draft")
    expert = Expert.objects.get(user=expert_user)
    error(
        as_user(tto_b).post(
            ASSESSMENTS, {"achievement": draft.pk, "experts": [expert.pk]}, format="json"
        ),
        404,
    )
    error(
        as_user(tto_b).post(
            ASSESSMENTS, {"achievement": listing.pk, "experts": [expert.pk]}, format="json"
        ),
        403,
    )


def test_the_tto_answers_for_an_expert_without_a_login_only(
    tto_a, university_a, listing, expert_user
):
    kept = ExpertFactory.create(managed_by=university_a)
    with_login = Expert.objects.get(user=expert_user)
    asked = (
        as_user(tto_a)
        .post(
            ASSESSMENTS,
            {"achievement": listing.pk, "experts": [kept.pk, with_login.pk]},
            format="json",
        )
        .json()
    )
    by_expert = {a["expert_id"]: a["id"] for a in asked}
    client = as_user(tto_a)
    declined = client.post(
        f"{ASSESSMENTS}{by_expert[kept.pk]}/decline/", {"reason": "n/a"}, format="json"
    )
    assert declined.json()["status"] == "declined"
    error(client.post(f"{ASSESSMENTS}{by_expert[with_login.pk]}/decline/", {}, format="json"), 403)
    assert Assessment.objects.get(pk=by_expert[with_login.pk]).status == "requested"
