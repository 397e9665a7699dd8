"""Writes through the API: each calls the pages' service, refusals keep the one error shape.

404: the caller may not see the object. 403: they may see it, but it is not theirs to change.
409 transition_not_allowed: theirs, but not in this state. 400: the body, naming the field.
"""

from __future__ import annotations

from typing import Any

import pytest

from achievements.models import Achievement, AchievementRevision, Disclosure
from achievements.tests.factories import (
    AchievementFactory,
    DisclosureFactory,
    DisclosureInventorFactory,
)
from matching.notifications.models import Notification
from moderation.models import AbuseReport
from portal.audit import history

pytestmark = pytest.mark.django_db

LISTINGS = "/api/v1/achievements/"
DISCLOSURES = "/api/v1/disclosures/"


def error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "errors"}
    assert body["code"] == code, body
    return body


@pytest.fixture
def draft(university_a, tto_a) -> Achievement:
    return AchievementFactory.create(
        institution=university_a,
        created_by=tto_a,
        status="draft",
        published_at=None,
        title_en="Graphene heat spreader",
    )


@pytest.fixture
def live(university_a, tto_a) -> Achievement:
    return AchievementFactory.create(
        institution=university_a, created_by=tto_a, title_en="Live title", title_zh=""
    )


# --- listings ------------------------------------------------------------------------------


def test_an_officer_creates_a_draft_for_their_institution_only(
    api_client_for, university_a, university_b, tto_a, researcher_a
):
    created = api_client_for(tto_a).post(
        LISTINGS,
        {"institution": university_a.pk, "title_en": "Self-healing concrete", "trl": 4},
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["trl"], body["institution"]["id"]) == ("draft", 4, university_a.pk)
    assert body["pending_revision"] is None
    assert {hint["code"] for hint in body["quality"]["hints"]} >= {"field", "summary_short"}
    listing = Achievement.objects.get(pk=body["id"])
    assert (listing.created_by, history(listing)[0].action) == (tto_a, "create")

    other = {"institution": university_b.pk, "title_en": "Not ours"}
    error(api_client_for(tto_a).post(LISTINGS, other, format="json"), 403, "permission_denied")
    mine = {"institution": university_a.pk, "title_en": "Not a TTO"}
    error(
        api_client_for(researcher_a).post(LISTINGS, mine, format="json"), 403, "permission_denied"
    )
    assert Achievement.objects.count() == 1


def test_a_visitor_is_asked_to_authenticate_before_any_write(api_client, draft, live):
    for method, url in [
        ("post", LISTINGS),
        ("patch", f"{LISTINGS}{live.pk}/"),
        ("post", f"{LISTINGS}{live.pk}/submit/"),
        ("post", f"{DISCLOSURES}"),
        ("post", f"/api/v1/moderation/achievement/{live.pk}/report/"),
        ("patch", "/api/v1/me/"),
    ]:
        response = getattr(api_client, method)(url, {}, format="json")
        error(response, 401, "not_authenticated")
        assert response["WWW-Authenticate"].startswith("Token")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title_en": ""}, "title_zh"),
        ({"title_en": "x", "trl": 10}, "trl"),
        ({"title_en": "x", "trl": "5"}, "trl"),  # a string is not a number here
        ({"title_en": 5}, "title_en"),
        ({"title_en": "x", "price_min": "100.00", "price_max": "5.00"}, "price_max"),
        ({"title_en": "x", "price_min": 100}, "price_min"),  # decimals are strings
        ({"title_en": "x", "fields": [999999]}, "fields"),
        ({"title_en": "x", "transfer_modes": ["gift"]}, "transfer_modes"),
        ({"title_en": "x", "patents": [{"number": ""}]}, "patents"),
        ({"title_en": "x", "price_negotiable": "yes"}, "price_negotiable"),
        ({"title_en": "x\x00"}, "title_en"),
    ],
)
def test_bad_listing_values_are_a_400_naming_the_field(
    api_client_for, university_a, tto_a, body, field
):
    response = api_client_for(tto_a).post(
        LISTINGS, {"institution": university_a.pk, **body}, format="json"
    )
    assert field in error(response, 400, "invalid")["errors"]
    assert not Achievement.objects.exists()


def test_who_may_change_a_listing_404_403_409(api_client_for, draft, live, tto_a, tto_b):
    change = {"summary_en": "Changed"}
    # tto_b cannot see A's draft at all, and may see but not change its published listing.
    error(
        api_client_for(tto_b).patch(f"{LISTINGS}{draft.pk}/", change, format="json"),
        404,
        "not_found",
    )
    error(
        api_client_for(tto_b).patch(f"{LISTINGS}{live.pk}/", change, format="json"),
        403,
        "permission_denied",
    )
    # The owner, while the listing is under review: not now.
    Achievement.objects.filter(pk=draft.pk).update(status="submitted")
    body = error(
        api_client_for(tto_a).patch(f"{LISTINGS}{draft.pk}/", change, format="json"),
        409,
        "transition_not_allowed",
    )
    assert "Submitted for review" in body["message"]
    draft.refresh_from_db()
    assert draft.summary_en != "Changed"


def test_material_changes_to_a_published_listing_wait_for_review(
    api_client, api_client_for, live, tto_a, moderator
):
    officer = api_client_for(tto_a)
    url = f"{LISTINGS}{live.pk}/"
    first = officer.patch(url, {"title_en": "New title", "keywords": ["heat"]}, format="json")
    assert first.status_code == 200, first.content
    assert first.json()["title_en"] == "Live title"  # the reviewed text stays live
    assert first.json()["keywords"] == ["heat"]  # a non-material change applies at once
    # A PATCH naming only the price keeps the pending title change.
    second = officer.patch(
        url, {"price_negotiable": False, "price_min": "80000.00"}, format="json"
    ).json()
    pending = second["pending_revision"]
    assert pending["status"] == "pending"
    assert (pending["values"]["title_en"], pending["values"]["price_min"]) == (
        "New title",
        "80000.00",
    )
    assert api_client.get(url).json()["title_en"] == "Live title"

    sent = officer.post(f"{url}submit/").json()
    assert (sent["status"], sent["pending_revision"]["status"]) == ("published", "submitted")
    decided = api_client_for(moderator).post(
        f"/api/v1/moderation/achievement/{live.pk}/approve/",
        {"reason": "Fine."},
        format="json",
    )
    assert decided.status_code == 200, decided.content
    public = api_client.get(url).json()
    assert (public["title_en"], public["price_min"]) == ("New title", "80000.00")
    assert not AchievementRevision.objects.filter(status="submitted").exists()


def test_a_moderator_withdrawing_a_listing_takes_it_down_with_a_reason(
    api_client_for, live, tto_a, moderator
):
    url = f"{LISTINGS}{live.pk}/withdraw/"
    assert (
        "reason"
        in error(api_client_for(moderator).post(url, {}, format="json"), 400, "invalid")["errors"]
    )
    response = api_client_for(moderator).post(url, {"reason": "Copied text"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "archived"
    assert history(live)[0].action == "take_down"
    assert Notification.objects.get(recipient=tto_a).payload["decision"] == "taken_down"


def test_the_owner_withdraws_without_a_reason_and_a_retry_changes_nothing(
    api_client_for, live, tto_a
):
    officer = api_client_for(tto_a)
    assert officer.post(f"{LISTINGS}{live.pk}/withdraw/").json()["status"] == "archived"
    assert officer.post(f"{LISTINGS}{live.pk}/withdraw/").status_code == 200
    assert [entry.action for entry in history(live)] == ["withdraw"]


def test_only_a_published_listing_is_confirmed_current(api_client_for, draft, live, tto_a):
    officer = api_client_for(tto_a)
    error(officer.post(f"{LISTINGS}{draft.pk}/confirm-current/"), 409, "transition_not_allowed")
    confirmed = officer.post(f"{LISTINGS}{live.pk}/confirm-current/").json()
    assert confirmed["confirmed_current_at"] is not None


# --- disclosures ---------------------------------------------------------------------------


@pytest.fixture
def submitted(university_a, researcher_a) -> Disclosure:
    disclosure = DisclosureFactory.create(
        institution=university_a, submitter=researcher_a, status="submitted"
    )
    DisclosureInventorFactory.create(disclosure=disclosure, user=researcher_a, share=100)
    return disclosure


def test_a_disclosure_goes_only_to_an_institution_of_the_caller(
    api_client_for, university_a, enterprise, enterprise_member, researcher_a
):
    body = {"institution": enterprise.pk, "title": "An enterprise is no TTO"}
    error(
        api_client_for(enterprise_member).post(DISCLOSURES, body, format="json"),
        403,
        "permission_denied",
    )
    body = {"institution": university_a.pk, "title": "Not my university"}
    error(
        api_client_for(enterprise_member).post(DISCLOSURES, body, format="json"),
        403,
        "permission_denied",
    )
    assert not Disclosure.objects.exists()


def test_a_draft_is_submitted_only_when_complete(api_client_for, university_a, researcher_a):
    client = api_client_for(researcher_a)
    draft = client.post(
        DISCLOSURES,
        {
            "institution": university_a.pk,
            "title": "Cold plasma sterilisation",
            "inventors": [{"name": "A", "share": "60.00"}, {"name": "B", "share": "30.00"}],
        },
        format="json",
    ).json()
    url = f"{DISCLOSURES}{draft['id']}/"
    body = error(client.post(f"{url}submit/"), 400, "invalid")
    assert "inventors" in body["errors"]
    assert "90%" in body["errors"]["inventors"][0]
    # A PATCH without inventors keeps them; one with them replaces the list.
    assert (
        len(
            client.patch(url, {"abstract": "Sterilises at 40 °C."}, format="json").json()[
                "inventors"
            ]
        )
        == 2
    )
    client.patch(url, {"inventors": [{"name": "A", "share": "100.00"}]}, format="json")
    assert client.post(f"{url}submit/").json()["status"] == "submitted"
    error(client.patch(url, {"title": "Too late"}, format="json"), 409, "transition_not_allowed")


def test_the_tto_reviews_in_order_and_a_decline_needs_a_reason(
    api_client_for, submitted, tto_a, researcher_a
):
    officer = api_client_for(tto_a)
    url = f"{DISCLOSURES}{submitted.pk}/"
    error(officer.post(f"{url}accept/", {}, format="json"), 409, "transition_not_allowed")
    error(api_client_for(researcher_a).post(f"{url}start-review/"), 403, "permission_denied")
    assert officer.post(f"{url}start-review/").json()["status"] == "under_review"
    assert (
        "reason"
        in error(officer.post(f"{url}decline/", {"reason": " "}, format="json"), 400, "invalid")[
            "errors"
        ]
    )
    declined = officer.post(f"{url}decline/", {"reason": "Already published"}, format="json")
    assert declined.json()["decline_reason"] == "Already published"
    error(officer.post(f"{url}convert/"), 409, "transition_not_allowed")


def test_converting_twice_answers_the_same_listing(api_client_for, submitted, tto_a):
    Disclosure.objects.filter(pk=submitted.pk).update(status="accepted")
    officer = api_client_for(tto_a)
    first = officer.post(f"{DISCLOSURES}{submitted.pk}/convert/")
    again = officer.post(f"{DISCLOSURES}{submitted.pk}/convert/")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Achievement.objects.filter(source_disclosure=submitted).count() == 1


@pytest.mark.parametrize("who", ["tto_b", "moderator", "enterprise_member"])
def test_nobody_outside_sees_or_touches_a_disclosure(api_client_for, submitted, who, request):
    client = api_client_for(request.getfixturevalue(who))
    for action in ("start-review", "accept", "convert", "submit"):
        error(client.post(f"{DISCLOSURES}{submitted.pk}/{action}/"), 404, "not_found")
    error(
        client.patch(f"{DISCLOSURES}{submitted.pk}/", {"title": "x"}, format="json"),
        404,
        "not_found",
    )


# --- moderation ----------------------------------------------------------------------------


def test_the_queue_is_for_moderators_and_never_shows_their_own_institution(
    api_client_for, draft, tto_a, moderator, university_a
):
    Achievement.objects.filter(pk=draft.pk).update(status="submitted")
    error(api_client_for(tto_a).get("/api/v1/moderation/queue/"), 403, "permission_denied")
    queue = api_client_for(moderator).get("/api/v1/moderation/queue/").json()
    assert queue["count"] == 1
    [entry] = queue["results"]
    assert (entry["kind"], entry["id"], entry["is_revision"]) == ("achievement", draft.pk, False)
    assert entry["organization"]["id"] == university_a.pk
    empty = api_client_for(moderator).get("/api/v1/moderation/queue/?kind=report").json()
    assert empty == {"count": 0, "results": []}
    error(api_client_for(moderator).get("/api/v1/moderation/queue/?kind=nonsense"), 400, "invalid")

    from accounts.tests.factories import MembershipFactory

    MembershipFactory.create(user=moderator, organization=university_a, role="researcher")
    fresh = api_client_for(type(moderator).objects.get(pk=moderator.pk))
    assert fresh.get("/api/v1/moderation/queue/").json()["count"] == 0
    response = fresh.post(
        f"/api/v1/moderation/achievement/{draft.pk}/approve/", {"reason": "Mine"}, format="json"
    )
    error(response, 403, "permission_denied")


def test_a_decision_on_a_listing_in_the_wrong_state_is_a_conflict(api_client_for, live, moderator):
    response = api_client_for(moderator).post(
        f"/api/v1/moderation/achievement/{live.pk}/reject/", {"reason": "No"}, format="json"
    )
    error(response, 409, "transition_not_allowed")
    unknown = api_client_for(moderator).post(
        f"/api/v1/moderation/widget/{live.pk}/reject/", {"reason": "No"}, format="json"
    )
    error(unknown, 404, "not_found")


def test_a_report_goes_to_the_queue_and_a_moderator_resolves_it(
    api_client_for, live, draft, enterprise_member, tto_b, moderator
):
    reporter = api_client_for(enterprise_member)
    url = f"/api/v1/moderation/achievement/{live.pk}/report/"
    body = {"reason": "inaccurate", "details": "The 90% figure is not in the paper."}
    first = reporter.post(url, body, format="json")
    assert first.status_code == 201, first.content
    again = reporter.post(url, body, format="json").json()
    assert again["id"] == first.json()["id"]  # one open report per person and item
    hidden = f"/api/v1/moderation/achievement/{draft.pk}/report/"
    error(reporter.post(hidden, body, format="json"), 404, "not_found")
    error(reporter.post(url, {"reason": "boring", "details": "x"}, format="json"), 400, "invalid")

    assert [r["id"] for r in reporter.get("/api/v1/moderation/reports/").json()["results"]] == [
        again["id"]
    ]
    assert api_client_for(tto_b).get("/api/v1/moderation/reports/").json()["results"] == []
    report_url = f"/api/v1/moderation/reports/{again['id']}/"
    error(api_client_for(tto_b).get(report_url), 404, "not_found")
    error(
        reporter.post(
            f"{report_url}resolve/", {"outcome": "dismissed", "reason": "x"}, format="json"
        ),
        403,
        "permission_denied",
    )

    queue = api_client_for(moderator).get("/api/v1/moderation/queue/?kind=report").json()
    assert [e["report"]["id"] for e in queue["results"]] == [again["id"]]
    resolved = api_client_for(moderator).post(
        f"{report_url}resolve/", {"outcome": "taken_down", "reason": "Confirmed"}, format="json"
    )
    assert resolved.json()["status"] == "taken_down"
    live.refresh_from_db()
    assert live.status == "archived"
    error(
        api_client_for(moderator).post(
            f"{report_url}resolve/", {"outcome": "dismissed", "reason": "Again"}, format="json"
        ),
        409,
        "transition_not_allowed",
    )
    assert AbuseReport.objects.get().status == "taken_down"


# --- me ------------------------------------------------------------------------------------


def test_me_changes_display_name_and_language(api_client_for, tto_a):
    client = api_client_for(tto_a)
    body = client.patch("/api/v1/me/", {"display_name": "  李 Wei 🎓 "}, format="json").json()
    assert (body["display_name"], body["preferred_language"]) == ("李 Wei 🎓", "en")
    body = client.patch("/api/v1/me/", {"preferred_language": "zh-hans"}, format="json").json()
    assert (body["display_name"], body["preferred_language"]) == ("李 Wei 🎓", "zh-hans")
    for bad in (
        {"preferred_language": "fr"},
        {"display_name": "evil\u202etxt.exe"},
        {"display_name": 7},
    ):
        field = next(iter(bad))
        assert (
            field
            in error(client.patch("/api/v1/me/", bad, format="json"), 400, "invalid")["errors"]
        )
    tto_a.refresh_from_db()
    assert tto_a.display_name == "李 Wei 🎓"
