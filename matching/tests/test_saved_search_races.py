"""Races, with real concurrent transactions: several workers run one due saved search."""

from datetime import timedelta

import pytest
from django.utils import timezone

from achievements.tests.factories import AchievementFactory
from matching.notifications.models import Notification
from matching.saved_searches.models import SavedSearch
from matching.saved_searches.services import saved_search_create, saved_search_run
from matching.tests.test_concurrency import run_together
from portal.search import index_objects

pytestmark = pytest.mark.django_db(transaction=True)


def test_of_many_workers_running_one_search_one_runs_and_each_result_notifies_once(
    enterprise_member, university_a
):
    saved = saved_search_create(
        owner=enterprise_member, name="Graphene", query="q=graphene", frequency="instant"
    )
    listings = [
        AchievementFactory.create(institution=university_a, title_en=f"Graphene {n}")
        for n in range(3)
    ]
    index_objects(type(listings[0]), [listing.pk for listing in listings])
    SavedSearch.objects.filter(pk=saved.pk).update(next_run_at=timezone.now() - timedelta(1))

    outcomes = run_together(5, lambda n: saved_search_run(saved_search_id=saved.pk))
    assert sorted(outcomes, key=str) == [3, None, None, None, None]
    assert Notification.objects.filter(recipient=enterprise_member).count() == 3
