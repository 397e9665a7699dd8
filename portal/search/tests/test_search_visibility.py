"""Search never shows what visible_to(user) hides: not in results, counts or facets."""

import pytest

from achievements.models import Achievement
from achievements.tests.factories import DisclosureFactory
from experts.models import Expert
from experts.tests.factories import ExpertFactory
from needs.models import Need
from needs.tests.factories import NeedFactory
from portal.search import search
from portal.search.models import SearchDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_and_private(listing, university_a, enterprise):
    public = listing(institution=university_a, title_en="Perovskite tandem cell", trl=5)
    private = [
        listing(
            institution=university_a,
            title_en="Perovskite secret draft",
            trl=9,
            status=Achievement.Status.DRAFT,
            published_at=None,
        ),
        listing(
            institution=university_a,
            title_en="Perovskite under review",
            trl=8,
            status=Achievement.Status.SUBMITTED,
            published_at=None,
        ),
        listing(
            NeedFactory,
            organization=enterprise,
            title="Perovskite need draft",
            status=Need.Status.DRAFT,
            published_at=None,
        ),
        listing(ExpertFactory, name_en="Perovskite retired expert", is_active=False),
    ]
    return public, private


def test_a_private_listing_never_appears_in_results_counts_or_facets(
    public_and_private, client_for, tto_b
):
    public, _private = public_and_private
    for user in (None, tto_b):
        result = search("perovskite", user=user)
        assert [hit.object for hit in result.hits] == [public]
        assert result.total == 1
        trl = next(f for f in result.facets if f.param == "trl")
        assert [(v.value, v.count) for v in trl.values] == [("5", 1)]
        kinds = next(f for f in result.facets if f.param == "type")
        assert [(v.value, v.count) for v in kinds.values] == [("achievement", 1)]


def test_drafts_are_not_in_the_public_index_at_all(public_and_private):
    public, _private = public_and_private
    assert SearchDocument.objects.count() == 1
    assert SearchDocument.objects.get().object_id == public.pk


def test_unpublishing_removes_a_listing_at_once(listing):
    from portal.search import index_objects

    achievement = listing(title_en="Quantum dot display")
    assert search("quantum").total == 1
    achievement.status = Achievement.Status.ARCHIVED
    achievement.save()
    index_objects(Achievement, [achievement.pk])
    assert search("quantum").total == 0


def test_a_registered_only_expert_is_hidden_from_visitors(listing, enterprise_member):
    listing(ExpertFactory, name_en="Hydrogen expert", visibility=Expert.Visibility.REGISTERED)
    assert search("hydrogen").total == 0
    assert search("hydrogen", user=enterprise_member).total == 1


def test_a_confidential_disclosure_is_never_searchable(listing, university_a, admin):
    DisclosureFactory.create(
        institution=university_a, title="Confidential zeolite", abstract="zeolite"
    )
    assert search("zeolite", user=admin).total == 0


def test_a_stale_index_row_is_dropped_by_visible_to(listing):
    achievement = listing(title_en="Graphene ink")
    Achievement.objects.filter(pk=achievement.pk).update(status=Achievement.Status.DRAFT)
    assert search("graphene").hits == []
