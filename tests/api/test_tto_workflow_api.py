"""Issue 4's judged path, through the API alone, each actor with their own token:

researcher submits a disclosure → TTO accepts and converts → officer completes and submits →
moderator requests changes → officer fixes → moderator approves → the listing is public in the
list and its detail, and found by `q=`.
"""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from accounts.tests.factories import TEST_PASSWORD
from matching.notifications.models import Notification
from portal.models import AuditLogEntry, Field

pytestmark = pytest.mark.django_db

SUMMARY = (
    "A ceramic-polymer composite separator that keeps lithium cells from shorting at 200 °C, "
    "made on existing coating lines; in pilot cells it cut thermal-runaway incidents by 90% "
    "and kept 95% capacity after 1,000 cycles, so pack makers can drop a cooling component."
)


def client_with_token(email: str) -> APIClient:
    """A client holding a token obtained the documented way: email and password."""
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"email": email, "password": TEST_PASSWORD, "name": "judged path"},
        format="json",
    )
    assert response.status_code == 201, response.content
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['key']}")
    return client


def ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.content
    return response.json()


def test_a_disclosure_becomes_a_public_listing_through_the_api(
    university_a, researcher_a, tto_a, moderator
):
    researcher = client_with_token(researcher_a.email)
    officer = client_with_token(tto_a.email)
    reviewer = client_with_token(moderator.email)
    visitor = APIClient()

    # The researcher files and submits a confidential disclosure.
    disclosure = ok(
        researcher.post(
            "/api/v1/disclosures/",
            {
                "institution": university_a.pk,
                "title": "Thermally stable composite battery separator",
                "abstract": "A separator that survives 200 °C.",
                "description": "Ceramic particles bound in a polyimide web.",
                "development_stage": "pilot",
                "inventors": [
                    {"name": "Researcher A", "email": researcher_a.email, "share": "70"},
                    {"name": "Li Wei", "share": "30"},
                ],
                "prior_disclosures": [
                    {"kind": "paper", "title": "Separators at 200 °C", "date": "2025-11-02"}
                ],
            },
            format="json",
        ),
        201,
    )
    assert disclosure["status"] == "draft"
    assert [i["user"] for i in disclosure["inventors"]] == [researcher_a.pk, None]
    url = f"/api/v1/disclosures/{disclosure['id']}"
    assert ok(researcher.post(f"{url}/submit/"))["status"] == "submitted"
    assert visitor.get(f"{url}/").status_code == 401

    # The TTO reviews, accepts and converts it into a draft listing.
    assert ok(officer.post(f"{url}/start-review/"))["status"] == "under_review"
    assert ok(officer.post(f"{url}/accept/", {}, format="json"))["status"] == "accepted"
    converted = officer.post(f"{url}/convert/")
    draft = ok(converted, 201)
    assert draft["status"] == "draft"
    assert draft["title_en"] == "Thermally stable composite battery separator"
    assert converted["Location"].endswith(f"/api/v1/achievements/{draft['id']}/")
    assert ok(officer.get(f"{url}/"))["status"] == "converted"
    listing = f"/api/v1/achievements/{draft['id']}"
    assert visitor.get(f"{listing}/").status_code == 404

    # The officer completes the listing and submits it.
    materials = Field.objects.get(code="2.5")
    completed = ok(
        officer.patch(
            f"{listing}/",
            {
                "title_zh": "高热稳定性复合电池隔膜",
                "summary_en": SUMMARY,
                "trl": 6,
                "fields": [materials.pk],
                "keywords": ["battery", "separator", "隔膜"],
                "transfer_modes": ["exclusive-licence", "joint-development"],
                "ip_status": "patented",
                "patents": [{"number": "ZL202410000001.2", "status": "granted"}],
            },
            format="json",
        )
    )
    assert completed["patents"][0]["number"] == "ZL202410000001.2"
    assert completed["quality"]["score"] >= 80, completed["quality"]
    assert ok(officer.post(f"{listing}/submit/"))["status"] == "submitted"

    # The moderator finds it in the queue and asks for changes.
    queue = ok(reviewer.get("/api/v1/moderation/queue/"))
    assert [(e["kind"], e["id"]) for e in queue["results"]] == [("achievement", draft["id"])]
    decided = ok(
        reviewer.post(
            f"/api/v1/moderation/achievement/{draft['id']}/request-changes/",
            {"reason": "Name the licensing terms you would accept."},
            format="json",
        )
    )
    assert decided["status"] == "changes_requested"
    told = Notification.objects.get(recipient=tto_a, kind="moderation")
    assert told.object_id == draft["id"]

    # The officer fixes it and submits again; the moderator approves.
    ok(officer.patch(f"{listing}/", {"price_negotiable": True}, format="json"))
    assert ok(officer.post(f"{listing}/submit/"))["status"] == "submitted"
    approved = ok(
        reviewer.post(
            f"/api/v1/moderation/achievement/{draft['id']}/approve/",
            {"reason": "Complete and clear."},
            format="json",
        )
    )
    assert approved["status"] == "published"

    # Public: in the list, in its detail, and found by q=.
    listed = ok(visitor.get("/api/v1/achievements/"))["results"]
    assert [row["id"] for row in listed] == [draft["id"]]
    detail = ok(visitor.get(f"{listing}/"))
    assert detail["title_zh"] == "高热稳定性复合电池隔膜"
    assert "contact_email" not in detail
    for query in ("separator", "隔膜", "thermally stable"):
        found = ok(visitor.get("/api/v1/achievements/", {"q": query}))["results"]
        assert [row["id"] for row in found] == [draft["id"]], query
    assert ok(visitor.get("/api/v1/achievements/", {"q": "graphene"}))["results"] == []

    # Every step is in the history, with its actor.
    actions = list(
        AuditLogEntry.objects.filter(object_id=draft["id"], content_type__model="achievement")
        .order_by("pk")
        .values_list("action", "actor__email")
    )
    assert actions == [
        ("create_from_disclosure", tto_a.email),
        ("submit", tto_a.email),
        ("request_changes", moderator.email),
        ("submit", tto_a.email),
        ("approve", moderator.email),
    ]
    assert len(Notification.objects.filter(recipient=tto_a, kind="moderation")) == 2
