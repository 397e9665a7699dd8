"""NeedFilterSet, built directly with query parameters."""

import datetime as dt

import pytest
from django.http import QueryDict

from needs.filtersets import NeedFilterSet
from needs.models import Need
from needs.tests.factories import NeedFactory
from portal.models import Field
from portal.search import index_objects

pytestmark = pytest.mark.django_db


def count(params: str) -> int:
    filterset = NeedFilterSet(QueryDict(params), queryset=Need.objects.all())
    assert filterset.is_valid(), filterset.errors
    return filterset.qs.count()


@pytest.fixture
def needs(enterprise):
    separator = NeedFactory.create(
        organization=enterprise,
        title="寻求储能电池隔膜技术",
        trl_min=4,
        trl_max=6,
        region="zhejiang",
        cooperation_modes=["assignment"],
        deadline=dt.date(2026, 6, 30),
    )
    separator.fields.set([Field.objects.get(code="2.5")])
    NeedFactory.create(
        title="Leak detection for water pipes",
        trl_min=7,
        trl_max=None,
        region="beijing",
        cooperation_modes=["joint-development", "technical-service"],
        deadline=None,
    )
    NeedFactory.create(title="Open-ended search", trl_min=None, trl_max=None, status="closed")
    index_objects(Need, Need.objects.values_list("pk", flat=True))  # as the need services do


def test_a_top_level_field_includes_its_sub_fields(needs):
    assert count("field=2") == 1
    assert count("field=1") == 0


def test_trl_filters_keep_needs_whose_range_overlaps(needs):
    assert count("trl_min=6") == 3  # 4–6 touches 6; 7–∞ and the open range too
    assert count("trl_max=5") == 2  # 4–6 and the open range
    assert count("trl_min=7&trl_max=9") == 2


def test_organization_region_and_cooperation_mode(needs):
    assert count("organization=enterprise-c") == 1
    assert count("region=beijing&region=zhejiang") == 2
    assert count("transfer_mode=technical-service") == 1


def test_language_is_read_from_the_title(needs):
    assert count("language=zh") == 1
    assert count("language=en") == 2


def test_deadlines_are_inclusive_dates(needs):
    assert count("deadline_before=2026-06-30") == 1
    assert count("deadline_after=2026-07-01") == 0


def test_status_and_text(needs):
    assert count("status=closed") == 1
    assert count("q=water") == 1
