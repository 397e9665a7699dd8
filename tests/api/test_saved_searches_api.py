"""/api/v1/saved-searches/, /api/v1/notifications/ and /api/v1/me/notification-preferences/."""

from __future__ import annotations

import pytest

from achievements.tests.factories import AchievementFactory
from matching.notifications.models import Notification
from matching.notifications.preferences import preferences_of
from matching.notifications.services import notify
from matching.notifications.targets import payload_for
from matching.notifications.vocabulary import Delivery, Kind
from matching.saved_searches.models import SavedSearch
from matching.saved_searches.services import saved_search_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_api(api_client_for, enterprise_member):
    return api_client_for(enterprise_member)


@pytest.fixture
def other_api(api_client_for, tto_a):
    return api_client_for(tto_a)


@pytest.fixture
def saved(enterprise_member) -> SavedSearch:
    return saved_search_create(
        owner=enterprise_member,
        name="Batteries",
        query="q=battery&type=achievement",
        frequency="daily",
    )


def note(user, listing, reason="match", kind=Kind.MATCH) -> Notification:
    return notify(
        recipient=user, kind=kind, reason=reason, target=listing, payload=payload_for(listing)
    )


# --- Saved searches ---------------------------------------------------------------------------


def test_anonymous_callers_get_401_in_the_error_shape(api_client):
    for path in (
        "/api/v1/saved-searches/",
        "/api/v1/notifications/",
        "/api/v1/notifications/unread-count/",
        "/api/v1/me/notification-preferences/",
    ):
        response = api_client.get(path)
        assert response.status_code == 401, path
        assert response.json()["code"] == "not_authenticated"
    response = api_client.post("/api/v1/saved-searches/", {}, format="json")
    assert response.status_code == 401


def test_a_search_is_saved_listed_changed_and_deleted(member_api):
    created = member_api.post(
        "/api/v1/saved-searches/",
        {
            "name": "Separators",
            "query": "/search/?q=separator&trl=6&after=abc",
            "frequency": "instant",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["query"] == "q=separator&trl=6"
    assert body["frequency"] == "instant"
    assert body["search_url"].endswith("/search/?q=separator&trl=6")
    assert body["results_url"].endswith("/api/v1/search/?q=separator&trl=6")
    listed = member_api.get("/api/v1/saved-searches/").json()
    assert [row["name"] for row in listed["results"]] == ["Separators"]
    assert listed["next"] is None
    changed = member_api.patch(body["url"], {"frequency": "paused", "name": "Sep"}, format="json")
    assert changed.status_code == 200
    assert (changed.json()["frequency"], changed.json()["name"]) == ("paused", "Sep")
    assert member_api.delete(body["url"]).status_code == 204
    assert not SavedSearch.objects.exists()


def test_bad_input_is_a_400_naming_the_field(member_api, saved):
    cases = [
        ({"name": "x", "query": "type=planet", "frequency": "daily"}, "query"),
        ({"name": "x", "query": "", "frequency": "hourly"}, "frequency"),
        ({"name": "Batteries", "query": "", "frequency": "daily"}, "name"),
        ({"name": 5, "query": "", "frequency": "daily"}, "name"),
        ({"query": "", "frequency": "daily"}, "name"),
    ]
    for data, field in cases:
        response = member_api.post("/api/v1/saved-searches/", data, format="json")
        assert response.status_code == 400, data
        assert response.json()["code"] == "invalid"
        assert field in response.json()["errors"], (data, response.json())
    assert SavedSearch.objects.count() == 1


def test_the_limit_is_a_400(member_api, saved, settings):
    settings.SAVED_SEARCHES_PER_USER = 1
    response = member_api.post(
        "/api/v1/saved-searches/", {"name": "x", "query": "", "frequency": "daily"}, format="json"
    )
    assert response.status_code == 400
    assert "non_field_errors" in response.json()["errors"]


def test_someone_elses_search_is_a_404(other_api, saved, admin, api_client_for):
    for client in (other_api, api_client_for(admin)):
        path = f"/api/v1/saved-searches/{saved.pk}/"
        assert client.get(path).status_code == 404
        assert client.patch(path, {"name": "Mine"}, format="json").status_code == 404
        assert client.delete(path).status_code == 404
        assert client.get("/api/v1/saved-searches/").json()["results"] == []
    saved.refresh_from_db()
    assert saved.name == "Batteries"


# --- Notifications ----------------------------------------------------------------------------


def test_the_inbox_lists_filters_and_marks_read(member_api, enterprise_member, university_a):
    first = AchievementFactory.create(institution=university_a, title_en="Battery A")
    second = AchievementFactory.create(institution=university_a, title_en="Battery B")
    a = note(enterprise_member, first)
    b = note(enterprise_member, second, reason="saved-search:1", kind=Kind.SAVED_SEARCH)
    assert member_api.get("/api/v1/notifications/unread-count/").json() == {"unread": 2}
    rows = member_api.get("/api/v1/notifications/").json()["results"]
    assert [row["id"] for row in rows] == [b.pk, a.pk]
    assert rows[0]["title"] == "Battery B"
    assert rows[0]["available"] is True
    assert rows[0]["target"] == {"type": "achievements.achievement", "id": second.pk}
    assert rows[0]["link"].endswith(f"/notifications/{b.pk}/")  # payload_for has no url here
    kinds = member_api.get("/api/v1/notifications/", {"kind": "saved-search"}).json()["results"]
    assert [row["id"] for row in kinds] == [b.pk]
    read = member_api.post(f"/api/v1/notifications/{a.pk}/read/")
    assert read.status_code == 200
    assert read.json()["read"] is True
    unread = member_api.get("/api/v1/notifications/", {"status": "unread"}).json()["results"]
    assert [row["id"] for row in unread] == [b.pk]
    assert member_api.post("/api/v1/notifications/read-all/").json() == {"marked_read": 1}
    assert member_api.get("/api/v1/notifications/unread-count/").json() == {"unread": 0}
    bad = member_api.get("/api/v1/notifications/", {"status": "maybe"})
    assert bad.status_code == 400
    assert "status" in bad.json()["errors"]


def test_pages_follow_the_cursor(member_api, enterprise_member, university_a):
    for n in range(3):
        note(
            enterprise_member,
            AchievementFactory.create(institution=university_a),
            reason=f"match-{n}",
        )
    first = member_api.get("/api/v1/notifications/", {"page_size": 2}).json()
    assert len(first["results"]) == 2
    rest = member_api.get(first["next"]).json()
    assert len(rest["results"]) == 1


def test_a_withdrawn_target_shows_no_title(member_api, enterprise_member, university_a):
    listing = AchievementFactory.create(institution=university_a, title_en="Gone soon")
    notification = note(enterprise_member, listing)
    listing.status = "archived"
    listing.save()
    row = member_api.get(f"/api/v1/notifications/{notification.pk}/").json()
    assert row["available"] is False
    assert row["title"] is None
    assert row["link"] is None
    assert "Gone soon" not in str(row)


def test_someone_elses_notification_is_a_404(other_api, enterprise_member, university_a):
    notification = note(enterprise_member, AchievementFactory.create(institution=university_a))
    assert other_api.get(f"/api/v1/notifications/{notification.pk}/").status_code == 404
    assert other_api.post(f"/api/v1/notifications/{notification.pk}/read/").status_code == 404
    assert other_api.post("/api/v1/notifications/read-all/").json() == {"marked_read": 0}
    notification.refresh_from_db()
    assert notification.read_at is None


# --- Preferences ------------------------------------------------------------------------------


def test_preferences_are_read_and_replaced(member_api, enterprise_member):
    body = member_api.get("/api/v1/me/notification-preferences/").json()
    assert body["kinds"]["saved-search"] == "daily"
    assert body["email_opt_out"] is False
    changed = member_api.put(
        "/api/v1/me/notification-preferences/",
        {"kinds": {"saved-search": "instant", "match": "off"}, "email_opt_out": True},
        format="json",
    )
    assert changed.status_code == 200
    assert changed.json()["kinds"]["saved-search"] == "instant"
    choices = preferences_of(enterprise_member)
    assert choices.by_kind[Kind.SAVED_SEARCH] == Delivery.INSTANT
    assert choices.by_kind[Kind.MATCH] == Delivery.OFF
    assert choices.by_kind[Kind.INQUIRY] == Delivery.INSTANT  # left out: unchanged
    assert choices.email_opt_out
    bad = member_api.put(
        "/api/v1/me/notification-preferences/",
        {"kinds": {"match": "sometimes"}, "email_opt_out": "yes"},
        format="json",
    )
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"kinds", "email_opt_out"}
    assert preferences_of(enterprise_member).by_kind[Kind.MATCH] == Delivery.OFF
