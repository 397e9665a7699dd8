"""Facets count the same visible, filtered set as the results; filters combine with the query."""

import pytest

from accounts.tests.factories import OrganizationFactory
from portal.models import Field
from portal.search import engine, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def batteries(listing):
    beijing = OrganizationFactory.create(name_en="North Lab", region="beijing")
    zhejiang = OrganizationFactory.create(name_en="South Lab", region="zhejiang")
    materials = Field.objects.get(code="2.5")
    electrical = Field.objects.get(code="2.2")
    chemistry = Field.objects.get(code="1.4")
    made = []
    for number, (org, trl, fields, modes) in enumerate(
        [
            (beijing, 4, [materials], ["exclusive-licence"]),
            (beijing, 6, [materials, electrical], ["joint-development"]),
            (zhejiang, 6, [chemistry], ["exclusive-licence", "assignment"]),
            (zhejiang, 7, [electrical], ["assignment"]),
        ]
    ):
        achievement = listing(
            institution=org,
            trl=trl,
            transfer_modes=modes,
            title_en=f"Battery cell {number}",
            ip_status="patented",
        )
        achievement.fields.set(fields)
        from portal.search import index_objects

        index_objects(type(achievement), [achievement.pk])
        made.append(achievement)
    listing(institution=beijing, title_en="Unrelated catalyst", trl=6)
    return made


def counts(result, param):
    facet = next((f for f in result.facets if f.param == param), None)
    return {v.value: v.count for v in facet.values} if facet else {}


def test_each_facet_count_equals_the_count_of_that_filtered_search(batteries):
    result = search("battery")
    assert result.total == 4
    assert not result.total_is_estimate
    for param in ("trl", "region", "transfer_mode", "institution", "ip_status", "language"):
        for value, count in counts(result, param).items():
            assert search("battery", filters={param: [value]}).total == count, (param, value)


def test_a_parent_field_counts_its_descendants_once(batteries):
    fields = next(f for f in search("battery").facets if f.param == "field")
    engineering = next(v for v in fields.values if v.value == "2")
    assert engineering.count == 3  # the listing in both 2.2 and 2.5 counts once
    assert {c.value: c.count for c in engineering.children} == {"2.5": 2, "2.2": 2}
    assert search("battery", filters={"field": ["2"]}).total == 3


def test_filters_combine_with_each_other_and_the_query(batteries):
    assert search("battery", filters={"region": ["beijing"], "trl": ["6"]}).total == 1
    assert search("battery", filters={"trl": ["4", "7"]}).total == 2
    assert search("", filters={"region": ["beijing"]}).total == 3


def test_an_unknown_filter_value_is_an_error_not_everything(batteries):
    result = search("battery", filters={"region": ["atlantis"]})
    assert result.errors == ["region: unknown value 'atlantis'"]
    assert result.total == 0


def test_large_result_sets_are_counted_on_the_sample_and_say_so(batteries, monkeypatch):
    exact = search("battery")
    monkeypatch.setattr(engine, "DIRECT_LIMIT", -1)  # treat every result set as large
    estimated = search("battery")
    assert estimated.total_is_estimate
    assert not exact.total_is_estimate
    assert estimated.total % engine.SAMPLE_SCALE == 0
    # The hits are not estimated: the tier path finds the same ranking as scoring everything.
    assert [hit.object for hit in estimated.hits] == [hit.object for hit in exact.hits]
