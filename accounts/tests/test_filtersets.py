"""OrganizationFilterSet and the public organisation directory."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict

from accounts.filtersets import OrganizationFilterSet
from accounts.models import Organization
from accounts.tests.factories import EnterpriseFactory, OrganizationFactory
from achievements.tests.factories import AchievementFactory

pytestmark = pytest.mark.django_db


def count(params: str) -> int:
    filterset = OrganizationFilterSet(QueryDict(params), queryset=Organization.objects.all())
    assert filterset.is_valid(), filterset.errors
    return filterset.qs.count()


@pytest.fixture
def organizations(university_a, enterprise):
    OrganizationFactory.create(
        name_en="Northern Institute", kind="research-institute", region="beijing", verified=False
    )


def test_kind_region_verified_and_name(organizations):
    assert count("kind=university&kind=research-institute") == 2
    assert count("region=beijing") == 1
    assert count("verified=false") == 1
    assert count("q=northern") == 1


def test_visitors_see_verified_organisations_and_those_with_published_listings(db):
    verified = OrganizationFactory.create(verified=True)
    with_listing = OrganizationFactory.create(verified=False)
    AchievementFactory.create(institution=with_listing, status="published")
    with_draft_only = OrganizationFactory.create(verified=False)
    AchievementFactory.create(institution=with_draft_only, status="draft", published_at=None)
    EnterpriseFactory.create(verified=False)

    visible = set(Organization.objects.visible_to(AnonymousUser()))
    assert visible == {verified, with_listing}


def test_signed_in_users_see_unverified_organisations_to_ask_to_join_them(
    enterprise_member, enterprise, tto_a
):
    enterprise.verified = False
    enterprise.save()
    assert enterprise not in Organization.objects.visible_to(AnonymousUser())
    assert enterprise in Organization.objects.visible_to(enterprise_member)
    assert enterprise in Organization.objects.visible_to(tto_a)
