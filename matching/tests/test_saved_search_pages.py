"""The saved-search pages: save from the search page, list, edit, pause, delete; bad input."""

from __future__ import annotations

import pytest

from matching.saved_searches.models import SavedSearch
from matching.saved_searches.services import saved_search_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client_for, enterprise_member):
    return client_for(enterprise_member)


def test_the_search_page_offers_to_save_its_search(client):
    html = client.get("/search/", {"q": "battery", "type": "achievement"}).content.decode()
    assert 'href="/saved-searches/new/?q=battery&amp;type=achievement"' in html


def test_saving_from_the_search_page(member, enterprise_member):
    form = member.get("/saved-searches/new/?q=battery&type=achievement&trl=6")
    assert form.status_code == 200
    assert 'value="q=battery&amp;type=achievement&amp;trl=6"' in form.content.decode()
    response = member.post(
        "/saved-searches/new/",
        {"name": "Batteries", "query": "q=battery&type=achievement&trl=6", "frequency": "weekly"},
    )
    assert response.status_code == 302
    saved = SavedSearch.objects.get(owner=enterprise_member)
    assert (saved.name, saved.frequency) == ("Batteries", "weekly")
    listing = member.get("/saved-searches/").content.decode()
    assert f'data-saved-search="{saved.pk}"' in listing
    assert 'href="/search/?q=battery&amp;type=achievement&amp;trl=6"' in listing


def test_bad_input_is_shown_on_the_form_never_a_500(member):
    for data in (
        {"name": "", "query": "q=x", "frequency": "daily"},
        {"name": "x", "query": "type=planet", "frequency": "daily"},
        {"name": "x", "query": "q=x", "frequency": "hourly"},
        {"name": "x" * 101, "query": "q=x", "frequency": "daily"},
    ):
        response = member.post("/saved-searches/new/", data)
        assert response.status_code == 400, data
        assert 'class="field-errors"' in response.content.decode()
    assert member.get("/saved-searches/new/?trl=abc&limit=zz").status_code == 200
    assert not SavedSearch.objects.exists()


def test_the_limit_is_explained(member, enterprise_member, settings):
    settings.SAVED_SEARCHES_PER_USER = 1
    saved_search_create(owner=enterprise_member, name="one", query="", frequency="daily")
    response = member.post(
        "/saved-searches/new/", {"name": "two", "query": "", "frequency": "daily"}
    )
    assert response.status_code == 400
    assert "at most 1 saved searches" in response.content.decode()


def test_edit_pause_and_delete(member, enterprise_member):
    saved = saved_search_create(
        owner=enterprise_member, name="one", query="q=battery", frequency="daily"
    )
    response = member.post(
        f"/saved-searches/{saved.pk}/", {"name": "Two", "query": "q=cell", "frequency": "instant"}
    )
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.name, saved.query, saved.frequency) == ("Two", "q=cell", "instant")
    member.post(f"/saved-searches/{saved.pk}/frequency/", {"frequency": "paused"})
    saved.refresh_from_db()
    assert saved.frequency == "paused"
    bad = member.post(f"/saved-searches/{saved.pk}/frequency/", {"frequency": "sometimes"})
    assert bad.status_code == 302
    saved.refresh_from_db()
    assert saved.frequency == "paused"
    member.post(f"/saved-searches/{saved.pk}/delete/")
    assert not SavedSearch.objects.exists()


def test_someone_elses_search_is_not_found(client_for, tto_a, enterprise_member):
    saved = saved_search_create(owner=enterprise_member, name="one", query="", frequency="daily")
    other = client_for(tto_a)
    assert other.get(f"/saved-searches/{saved.pk}/").status_code == 404
    assert other.post(f"/saved-searches/{saved.pk}/delete/").status_code == 404
    assert "one" not in other.get("/saved-searches/").content.decode()
    assert SavedSearch.objects.count() == 1


def test_a_list_page_offers_to_save_what_it_can_of_its_filters(member, client):
    html = client.get("/achievements/", {"q": "battery", "trl_min": "6"}).content.decode()
    assert 'href="/saved-searches/new/?from=achievement&amp;q=battery&amp;trl_min=6"' in html
    assert "/saved-searches/new/?from=need" in client.get("/needs/").content.decode()
    form = member.get(
        "/saved-searches/new/",
        {
            "from": "achievement",
            "q": "battery",
            "trl_min": "6",
            "trl_max": "7",
            "region": "zhejiang",
            "published_after": "2026-01-01",
            "cursor": "x",
        },
    ).content.decode()
    assert 'value="q=battery&amp;type=achievement&amp;trl=6&amp;trl=7&amp;region=zhejiang"' in form
    assert 'data-testid="left-out"' in form
    assert "published_after" in form
    need_form = member.get(
        "/saved-searches/new/", {"from": "need", "trl_min": "3", "q": "coating"}
    ).content.decode()
    assert 'value="q=coating&amp;type=need"' in need_form
    assert "trl_min" in need_form


def test_what_a_list_page_keeps_is_a_valid_search(member, enterprise_member, university_a):
    response = member.post(
        "/saved-searches/new/",
        {
            "name": "From the list",
            "query": "q=battery&type=achievement&trl=6&region=zhejiang"
            "&transfer_mode=assignment&institution=university-a&language=zh",
            "frequency": "daily",
        },
    )
    assert response.status_code == 302
    assert SavedSearch.objects.filter(owner=enterprise_member).count() == 1
