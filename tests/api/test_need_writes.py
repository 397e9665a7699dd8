"""Need writes through the API: the pages' services, with 404 / 403 / 409 / 400 as promised."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from needs.models import Need
from needs.tests.factories import NeedFactory
from portal.audit import history

pytestmark = pytest.mark.django_db

NEEDS = "/api/v1/needs/"


def error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "errors"}
    assert body["code"] == code, body
    return body


def test_a_member_creates_edits_and_submits(api_client_for, enterprise, enterprise_member):
    client = api_client_for(enterprise_member)
    created = client.post(
        NEEDS,
        {
            "organization": enterprise.pk,
            "title": "Recycled carbon fibre",
            "description": "Chopped fibre for injection moulding.",
            "trl_min": 5,
            "trl_max": 7,
            "budget_negotiable": False,
            "budget_min": "100000.00",
            "cooperation_modes": ["joint-development"],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["trl_min"], body["organization"]["id"]) == (
        "draft",
        5,
        enterprise.pk,
    )
    url = f"{NEEDS}{body['id']}/"
    changed = client.patch(url, {"keywords": ["carbon fibre"]}, format="json")
    assert changed.json()["keywords"] == ["carbon fibre"]
    submitted = client.post(f"{url}submit/")
    assert submitted.json()["status"] == "submitted"
    need = Need.objects.get(pk=body["id"])
    assert [e.action for e in history(need).order_by("pk")] == ["create", "submit"]


def test_bad_input_is_a_400_naming_the_field(api_client_for, enterprise, enterprise_member):
    client = api_client_for(enterprise_member)
    base = {"organization": enterprise.pk, "title": "T", "description": "D"}
    body = error(
        client.post(NEEDS, {**base, "trl_min": 8, "trl_max": 2}, format="json"), 400, "invalid"
    )
    assert "trl_max" in body["errors"]
    body = error(
        client.post(NEEDS, {**base, "budget_min": "9", "budget_max": "1"}, format="json"),
        400,
        "invalid",
    )
    assert "budget_max" in body["errors"]
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    body = error(client.post(NEEDS, {**base, "deadline": yesterday}, format="json"), 400, "invalid")
    assert "deadline" in body["errors"]
    body = error(client.post(NEEDS, {**base, "trl_min": "5"}, format="json"), 400, "invalid")
    assert "trl_min" in body["errors"]
    for bad in ({"budget_min": "-5"}, {"deadline": "2026-13-45"}, {"fields": [10**12]}):
        body = error(client.post(NEEDS, {**base, **bad}, format="json"), 400, "invalid")
        assert set(bad) <= set(body["errors"]), body
    assert not Need.objects.exists()


def test_404_403_409(api_client_for, enterprise, enterprise_member, tto_a, moderator):
    draft = NeedFactory.create(organization=enterprise, status="draft", published_at=None)
    published = NeedFactory.create(organization=enterprise)
    # Not visible to a stranger: its existence is not confirmed.
    error(api_client_for(tto_a).post(f"{NEEDS}{draft.pk}/submit/"), 404, "not_found")
    # Visible, but not theirs.
    error(api_client_for(tto_a).post(f"{NEEDS}{published.pk}/close/"), 403, "permission_denied")
    # Theirs, but not now.
    member = api_client_for(enterprise_member)
    error(member.post(f"{NEEDS}{draft.pk}/close/"), 409, "transition_not_allowed")
    error(member.post(f"{NEEDS}{published.pk}/submit/"), 409, "transition_not_allowed")
    other = NeedFactory.create()  # another enterprise's published need
    error(
        member.post(
            NEEDS,
            {"organization": other.organization_id, "title": "x", "description": "y"},
            format="json",
        ),
        403,
        "permission_denied",
    )


def test_close_fulfil_and_withdraw(api_client_for, enterprise, enterprise_member):
    client = api_client_for(enterprise_member)
    first, second = NeedFactory.create_batch(2, organization=enterprise)
    assert (
        client.post(f"{NEEDS}{first.pk}/close/", {"reason": "Found"}, format="json").json()[
            "status"
        ]
        == "closed"
    )
    assert client.post(f"{NEEDS}{second.pk}/fulfil/").json()["status"] == "fulfilled"
    submitted = NeedFactory.create(organization=enterprise, status="submitted", published_at=None)
    assert client.post(f"{NEEDS}{submitted.pk}/withdraw/").json()["status"] == "draft"
    assert history(first)[0].reason == "Found"


def test_moderators_decide_through_the_shared_endpoints(
    api_client_for, enterprise, enterprise_member, moderator
):
    need = NeedFactory.create(organization=enterprise, status="submitted", published_at=None)
    client = api_client_for(moderator)
    queue = client.get("/api/v1/moderation/queue/?kind=need").json()
    assert [item["id"] for item in queue["results"]] == [need.pk]
    answer = client.post(
        f"/api/v1/moderation/need/{need.pk}/approve/", {"reason": "Clear"}, format="json"
    )
    assert answer.status_code == 200, answer.content
    need.refresh_from_db()
    assert need.status == "published"
