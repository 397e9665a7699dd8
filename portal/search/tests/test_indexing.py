"""The index follows the rows: after each write, on rebuild, and for list pages."""

import pytest

from achievements.models import Achievement
from portal.search import filter_queryset, index_objects, rebuild, search
from portal.search.models import SearchDocument, SearchPrivateDocument, SearchSample

pytestmark = pytest.mark.django_db


def test_an_edit_is_searchable_as_soon_as_it_is_indexed(listing):
    achievement = listing(title_en="Seawater electrolysis")
    achievement.title_en = "Seawater desalination"
    achievement.save()
    index_objects(Achievement, [achievement.pk])
    assert search("desalination").total == 1
    assert search("electrolysis").total == 0


def test_a_deleted_row_leaves_the_index(listing):
    achievement = listing(title_en="Ceramic membrane")
    pk = achievement.pk
    achievement.delete()
    index_objects(Achievement, [pk])
    assert not SearchDocument.objects.filter(object_id=pk).exists()


@pytest.mark.django_db(transaction=True)  # the rebuild's workers use connections of their own
def test_a_rebuild_gives_the_same_index_as_indexing_row_by_row(listing):
    for number in range(5):
        listing(title_zh=f"钙钛矿电池{number}", title_en=f"Perovskite cell {number}")
    listing(title_en="Draft", status=Achievement.Status.DRAFT, published_at=None)
    columns = ["doc_id", "prior", "facet_keys", "tsv", "tsv_title", "tsv_keywords", "sample_bucket"]
    before = list(SearchDocument.objects.order_by("doc_id").values_list(*columns))
    report = rebuild(workers=2, log=lambda line: None)
    assert report["documents"] == 5
    assert list(SearchDocument.objects.order_by("doc_id").values_list(*columns)) == before
    assert SearchPrivateDocument.objects.count() == 1
    assert SearchSample.objects.count() == sum(1 for row in before if row[-1] == 0)
    assert search("钙钛矿").total == 5


def test_filter_queryset_finds_the_owners_drafts_on_a_list_page(
    listing, university_a, tto_a, tto_b
):
    published = listing(institution=university_a, title_en="Sodium battery anode")
    draft = listing(
        institution=university_a,
        title_en="Sodium battery draft",
        status=Achievement.Status.DRAFT,
        published_at=None,
    )
    listing(institution=university_a, title_en="Lithium anode")
    mine = filter_queryset(Achievement.objects.visible_to(tto_a), "sodium")
    assert set(mine) == {published, draft}
    theirs = filter_queryset(Achievement.objects.visible_to(tto_b), "sodium")
    assert list(theirs) == [published]
    assert filter_queryset(Achievement.objects.visible_to(tto_b), "").count() == 2


def test_seed_demo_indexes_the_demo_world():
    from portal.demo_world import seed_demo_world

    seed_demo_world()
    assert search("锂电池 separator").total == 1
    assert search("隔膜").total >= 2


def test_a_search_leaves_the_planner_settings_of_the_request_as_they_were(listing):
    from django.db import connection, transaction

    listing(title_en="Planner settings")
    with transaction.atomic(), connection.cursor() as cursor:
        search("planner")
        for name in ("enable_seqscan", "enable_bitmapscan", "enable_indexscan"):
            cursor.execute(f"SHOW {name}")
            assert cursor.fetchone() == ("on",)


def test_renaming_an_organisation_reindexes_its_listings(listing, university_a):
    from portal.search import reindex_organization

    listing(institution=university_a, title_en="Tidal turbine blade")
    university_a.name_en = "Donghai Ocean University"
    university_a.save()
    assert search("donghai").total == 0
    reindex_organization(university_a.pk)
    assert search("donghai turbine").total == 1


def test_remove_objects_takes_a_listing_out_of_every_index(listing):
    from portal.search import remove_objects

    achievement = listing(title_en="Sodium sulfur cell")
    remove_objects(Achievement, [achievement.pk])
    assert search("sodium sulfur").total == 0
