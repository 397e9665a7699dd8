"""The search page and GET /api/v1/search/ carry the whole state in the URL."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_listings(listing, university_a):
    listing(institution=university_a, title_en="Thermal battery", title_zh="热电池", trl=6)
    listing(institution=university_a, title_en="Thermal camera", title_zh="热像仪", trl=3)


def test_the_page_shows_highlighted_hits_facets_and_sort(anonymous_client, two_listings):
    html = anonymous_client.get(reverse("search"), {"q": "thermal"}).content.decode()
    assert "2 results" in html
    assert "<mark>Thermal</mark> battery" in html
    assert 'data-facet="trl"' in html
    assert "sort=newest" in html


def test_a_facet_link_adds_its_filter_to_the_url(anonymous_client, two_listings):
    response = anonymous_client.get(reverse("search"), {"q": "thermal", "trl": "6"})
    html = response.content.decode()
    assert "1 result" in html
    assert "camera" not in html
    assert "?q=thermal" in html  # the chosen filter's remove link keeps the query


def test_an_empty_search_explains_what_to_try(anonymous_client, two_listings):
    html = anonymous_client.get(reverse("search"), {"q": "qqqqzzzz"}).content.decode()
    assert "Nothing found" in html
    assert "OR" in html


def test_the_header_links_to_search(anonymous_client):
    assert f'href="{reverse("search")}"' in anonymous_client.get("/").content.decode()


def test_the_api_returns_hits_facets_and_a_cursor(anonymous_client, two_listings):
    body = anonymous_client.get("/api/v1/search/", {"q": "thermal", "limit": 1}).json()
    assert body["total"] == 2
    assert body["total_is_estimate"] is False
    assert body["hits"][0]["type"] == "achievement"
    assert "<mark>" in body["hits"][0]["title_html"]
    assert body["next"]
    assert {f["name"] for f in body["facets"]} >= {"type", "trl", "institution", "region"}
    second = anonymous_client.get(
        "/api/v1/search/", {"q": "thermal", "limit": 1, "after": body["next"]}
    )
    assert second.json()["hits"][0]["id"] != body["hits"][0]["id"]


def test_the_api_filters_by_type(anonymous_client, two_listings):
    body = anonymous_client.get("/api/v1/search/", {"q": "thermal", "type": "need"}).json()
    assert body["total"] == 0


def test_the_api_names_the_bad_parameter(anonymous_client, two_listings):
    response = anonymous_client.get("/api/v1/search/", {"q": "thermal", "trl": "high"})
    assert response.status_code == 400
    assert response.json() == {"errors": ["trl: 'high' is not a number"]}
    response = anonymous_client.get("/api/v1/search/", {"q": "thermal", "limit": "500"})
    assert response.status_code == 400
