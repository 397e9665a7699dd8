"""ETag and Last-Modified on every read; 304 while unchanged, 200 again after an edit."""

import pytest
from django.utils.http import http_date

from achievements.tests.factories import AchievementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing(university_a):
    return AchievementFactory.create(institution=university_a, title_en="Original title")


def test_a_detail_is_not_sent_again_while_unchanged(api_client, listing):
    url = f"/api/v1/achievements/{listing.pk}/"
    first = api_client.get(url)
    assert first["ETag"].startswith('"')
    assert first["Last-Modified"] == http_date(listing.updated_at.timestamp())

    again = api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert api_client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_an_edit_changes_the_etag_and_the_answer(api_client, listing):
    url = f"/api/v1/achievements/{listing.pk}/"
    etag = api_client.get(url)["ETag"]
    listing.title_en = "Better title"
    listing.save()
    response = api_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["title_en"] == "Better title"
    assert response["ETag"] != etag


def test_a_change_to_nested_data_changes_the_etag(api_client, listing, university_a):
    url = f"/api/v1/achievements/{listing.pk}/"
    etag = api_client.get(url)["ETag"]
    university_a.name_en = "University A (renamed)"
    university_a.save()
    assert api_client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_list_is_not_sent_again_while_unchanged_and_is_after_a_new_listing(api_client, listing):
    url = "/api/v1/achievements/"
    first = api_client.get(url)
    assert first["Last-Modified"]
    assert api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    AchievementFactory.create()
    assert api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_a_list_ignores_if_modified_since_as_rows_can_leave_it_unnoticed(api_client, listing):
    first = api_client.get("/api/v1/achievements/")
    response = api_client.get(
        "/api/v1/achievements/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert response.status_code == 200


def test_answers_vary_by_identity_and_must_be_revalidated(api_client, listing):
    response = api_client.get("/api/v1/achievements/")
    assert {"Authorization", "Cookie", "Accept-Language"} <= {
        value.strip() for value in response["Vary"].split(",")
    }
    assert "no-cache" in response["Cache-Control"]
