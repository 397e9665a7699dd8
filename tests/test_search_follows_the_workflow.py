"""The search index follows every way a listing changes: editor, moderation, import, admin.

Search is only as good as its index, and the index is kept by the writers (docs/search.md).
These tests go through the real services and pages, never through index_objects directly.
"""

import pytest
from django.contrib.admin import site
from django.contrib.auth.models import AnonymousUser
from django.forms.models import model_to_dict
from django.test import RequestFactory

from accounts.models import Organization
from achievements.models import Achievement
from achievements.services.listings import achievement_save, achievement_submit
from achievements.services.moderation import achievement_approve, achievement_take_down
from achievements.tests.importing import csv_file, imported_job
from portal.search import search

pytestmark = pytest.mark.django_db


def public_titles(query: str) -> list[str]:
    return [hit.object.title for hit in search(query, user=AnonymousUser()).hits]


def listed_for(client, query: str) -> list[str]:
    """Titles the API's achievement list gives this client for ?q= (drafts included)."""
    response = client.get("/api/v1/achievements/", {"q": query})
    assert response.status_code == 200
    return [row["title_en"] or row["title_zh"] for row in response.json()["results"]]


@pytest.fixture
def listing(tto_a, university_a) -> Achievement:
    return achievement_save(
        actor=tto_a,
        institution=university_a,
        values={
            "title_en": "Graphene heat spreader for phones",
            "title_zh": "手机石墨烯散热膜",
            "summary_en": "A graphene film that lowers hot-spot temperature by 8 °C.",
            "trl": 6,
        },
    )


def test_a_draft_is_found_by_its_tto_only(listing, tto_a, tto_b, client_for):
    assert public_titles("graphene") == []
    assert listed_for(client_for(None), "graphene") == []
    assert listed_for(client_for(tto_b), "graphene") == []
    assert listed_for(client_for(tto_a), "graphene") == ["Graphene heat spreader for phones"]


def test_approval_makes_it_public_and_a_take_down_removes_it(listing, tto_a, moderator):
    achievement_submit(actor=tto_a, achievement=listing)
    assert public_titles("石墨烯") == []
    achievement_approve(actor=moderator, target=listing, reason="Complete and clear.")
    assert public_titles("石墨烯") == [listing.title]
    achievement_take_down(actor=moderator, target=listing, reason="Upheld abuse report.")
    assert public_titles("石墨烯") == []


def test_an_approved_revision_changes_what_search_finds(listing, tto_a, moderator):
    achievement_submit(actor=tto_a, achievement=listing)
    achievement_approve(actor=moderator, target=listing, reason="Fine.")
    achievement_save(actor=tto_a, achievement=listing, values={"title_en": "Copper vapour chamber"})
    assert public_titles("copper") == []  # the material edit waits for review
    achievement_submit(actor=tto_a, achievement=listing)
    achievement_approve(actor=moderator, target=listing, reason="Checked the new title.")
    assert public_titles("copper") != []
    assert public_titles("graphene heat spreader") == []


def test_imported_rows_are_searchable_by_their_tto(
    tto_a, university_a, client_for, django_capture_on_commit_callbacks
):
    upload = csv_file(
        [
            {
                "external_id": "X-1",
                "title_en": "Seawater lithium extraction membrane",
                "title_zh": "",
            },
            {"external_id": "X-2", "title_en": "", "title_zh": "海水提锂吸附剂"},
        ]
    )
    imported_job(tto_a, university_a, upload, django_capture_on_commit_callbacks)
    assert listed_for(client_for(tto_a), "lithium") == ["Seawater lithium extraction membrane"]
    assert listed_for(client_for(tto_a), "提锂") == ["海水提锂吸附剂"]
    assert listed_for(client_for(None), "lithium") == []  # imports are drafts


def admin_save(model_admin, admin_user, obj, **changes):
    """What the admin's change view does on a valid POST: its form, save_model, save_related."""
    request = RequestFactory().post("/admin/")
    request.user = admin_user
    obj.refresh_from_db()
    form_class = model_admin.get_form(request, obj, change=True)
    data = {**model_to_dict(obj), **changes}
    data = {key: value for key, value in data.items() if value is not None}
    form = form_class(data=data, instance=obj)
    assert form.is_valid(), form.errors
    saved = form.save(commit=False)
    model_admin.save_model(request, saved, form, change=True)
    model_admin.save_related(request, form, formsets=[], change=True)


def test_an_admin_edit_is_reindexed(listing, tto_a, moderator, admin):
    achievement_submit(actor=tto_a, achievement=listing)
    achievement_approve(actor=moderator, target=listing, reason="Fine.")
    admin_save(site._registry[Achievement], admin, listing, title_en="Boron nitride heat spreader")
    assert public_titles("boron nitride") == ["Boron nitride heat spreader"]
    assert public_titles("phones") == []  # the old English title is gone from the index


def test_renaming_an_organisation_in_the_admin_reindexes_its_listings(
    listing, tto_a, moderator, admin, university_a
):
    achievement_submit(actor=tto_a, achievement=listing)
    achievement_approve(actor=moderator, target=listing, reason="Fine.")
    assert public_titles("Westlake") == []
    admin_save(site._registry[Organization], admin, university_a, name_en="Westlake Polytechnic")
    assert public_titles("Westlake") == [listing.title]
