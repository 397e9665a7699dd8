"""/api/v1/achievements/: who sees what, nested data in few queries, filters and pages."""

import pytest

from achievements.tests.factories import AchievementFactory, PatentFactory
from portal.models import Field

pytestmark = pytest.mark.django_db

URL = "/api/v1/achievements/"


@pytest.fixture
def published(university_a):
    fields = list(Field.objects.filter(code__in=["2.5", "2.2"]))
    listings = []
    for n in range(25):
        listing = AchievementFactory.create(institution=university_a, trl=1 + n % 9)
        listing.fields.set(fields)
        PatentFactory.create(achievement=listing)
        listings.append(listing)
    return listings


@pytest.fixture
def draft(university_a):
    return AchievementFactory.create(
        institution=university_a, status="draft", published_at=None, title_en="Unfinished draft"
    )


def titles(response) -> set[str]:
    return {row["title_en"] for row in response.json()["results"]}


def test_a_visitor_sees_published_listings_with_institution_and_fields(api_client, published):
    response = api_client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert len(body["results"]) == 20
    first = body["results"][0]
    assert first["institution"]["slug"] == "university-a"
    assert sorted(field["code"] for field in first["fields"]) == ["2.2", "2.5"]
    assert first["status"] == "published"
    assert "contact_email" not in first
    assert body["next"].startswith("http://testserver/api/v1/achievements/?cursor=")
    assert body["previous"] is None


def test_a_visitor_never_sees_a_draft_but_its_institutions_tto_does(
    api_client, api_client_for, draft, tto_a, tto_b
):
    assert "Unfinished draft" not in titles(api_client.get(URL))
    assert api_client.get(f"{URL}{draft.pk}/").status_code == 404
    assert "Unfinished draft" in titles(api_client_for(tto_a).get(URL))
    assert api_client_for(tto_a).get(f"{URL}{draft.pk}/").status_code == 200
    assert "Unfinished draft" not in titles(api_client_for(tto_b).get(URL))
    assert api_client_for(tto_b).get(f"{URL}{draft.pk}/").status_code == 404


def test_following_next_links_visits_every_listing_once(api_client, published):
    seen, url = [], f"{URL}?page_size=7"
    while url:
        body = api_client.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert sorted(seen) == sorted(listing.pk for listing in published)
    assert len(seen) == len(set(seen))


def test_the_previous_link_leads_back_to_the_same_page(api_client, published):
    first = api_client.get(f"{URL}?page_size=5").json()
    second = api_client.get(first["next"]).json()
    back = api_client.get(second["previous"]).json()
    assert [row["id"] for row in back["results"]] == [row["id"] for row in first["results"]]


def test_a_list_page_takes_at_most_three_queries_even_filtered(
    api_client, published, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):  # the page, then all its fields in one query
        api_client.get(URL)
    query = "?field=2&trl_min=2&trl_max=8&institution=university-a&transfer_mode=assignment"
    with django_assert_max_num_queries(2):
        assert api_client.get(URL + query).status_code == 200
    cursor = api_client.get(URL).json()["next"]
    with django_assert_max_num_queries(2):
        api_client.get(cursor)


def test_a_single_listing_takes_three_queries_and_includes_patents(
    api_client, published, django_assert_max_num_queries
):
    listing = published[0]
    with django_assert_max_num_queries(3):  # the listing, its fields, its patents
        body = api_client.get(f"{URL}{listing.pk}/").json()
    assert body["patents"][0]["number"] == listing.patents.get().number
    assert "description" in body


def test_a_signed_in_tto_officer_adds_only_the_identity_lookups(
    api_client_for, tto_a, published, django_assert_max_num_queries
):
    # Who the officer is (memberships, moderator group) is looked up once per request.
    with django_assert_max_num_queries(4):
        api_client_for(tto_a).get(URL)


def test_filters_apply_to_the_list(api_client, published):
    body = api_client.get(f"{URL}?trl_min=9").json()
    assert {row["trl"] for row in body["results"]} == {9}
    assert api_client.get(f"{URL}?field=1").json()["results"] == []


def test_ordering_by_maturity(api_client, published):
    body = api_client.get(f"{URL}?ordering=-trl&page_size=3").json()
    assert [row["trl"] for row in body["results"]] == [9, 9, 8]
    second = api_client.get(body["next"]).json()
    assert [row["trl"] for row in second["results"]] == [8, 7, 7]


def test_methods_no_service_stands_behind_are_not_allowed(api_client_for, tto_a, published):
    client = api_client_for(tto_a)
    # Listings are archived (withdraw), never deleted; PATCH changes them, PUT does not exist.
    assert client.delete(f"{URL}{published[0].pk}/").status_code == 405
    assert client.put(f"{URL}{published[0].pk}/", {}, format="json").status_code == 405
