"""ExpertFilterSet, built directly with query parameters."""

import pytest
from django.http import QueryDict

from experts.filtersets import ExpertFilterSet
from experts.models import Expert
from experts.tests.factories import ExpertFactory
from portal.models import Field
from portal.search import index_objects

pytestmark = pytest.mark.django_db


def count(params: str) -> int:
    filterset = ExpertFilterSet(QueryDict(params), queryset=Expert.objects.all())
    assert filterset.is_valid(), filterset.errors
    return filterset.qs.count()


@pytest.fixture
def experts(university_a, enterprise):
    chemist = ExpertFactory.create(
        name_en="Li Hua",
        organization=university_a,
        languages=["zh-hans", "en"],
        available_for_consulting=True,
        available_for_evaluation=True,
    )
    chemist.fields.set([Field.objects.get(code="1.4")])
    ExpertFactory.create(
        name_en="Anna Berg",
        organization=enterprise,
        languages=["en"],
        available_for_consulting=False,
        available_for_evaluation=True,
        bio="Regulatory affairs for medical devices.",
    )
    ExpertFactory.create(name_en="Zhou Min", organization=None, languages=["zh-hans"])
    index_objects(Expert, Expert.objects.values_list("pk", flat=True))  # as services would


def test_field_organization_and_region(experts):
    assert count("field=1") == 1
    assert count("organization=university-a") == 1
    assert count("region=zhejiang") == 2


def test_working_language(experts):
    assert count("language=en") == 2
    assert count("language=zh-hans") == 2


def test_an_expert_must_be_available_for_everything_asked(experts):
    assert count("available_for=evaluation") == 3
    assert count("available_for=evaluation&available_for=consulting") == 1


def test_q_searches_names_and_biographies(experts):
    assert count("q=medical") == 1
    assert count("q=zhou") == 1


def test_ordering_by_name(experts):
    filterset = ExpertFilterSet(QueryDict("ordering=name_en"), queryset=Expert.objects.all())
    assert [e.name_en for e in filterset.qs] == ["Anna Berg", "Li Hua", "Zhou Min"]


def test_assessments_filter_by_status_listing_and_publication(university_a, tto_a):
    from django.http import QueryDict

    from achievements.tests.factories import AchievementFactory
    from experts.filtersets import AssessmentFilterSet
    from experts.models import Assessment
    from experts.tests.factories import AssessmentFactory

    listing = AchievementFactory.create(institution=university_a)
    AssessmentFactory.create(achievement=listing, status="requested")
    AssessmentFactory.create(achievement=listing, status="submitted", trl=5, published=True)
    AssessmentFactory.create(status="declined", achievement=AchievementFactory.create())

    def assessments(params: str) -> int:
        found = AssessmentFilterSet(QueryDict(params), queryset=Assessment.objects.all())
        assert found.is_valid(), found.errors
        return found.qs.count()

    assert assessments("status=requested&status=declined") == 2
    assert assessments(f"achievement={listing.pk}") == 2
    assert assessments("published=true") == 1
    assert assessments("published=false") == 2
    assert not AssessmentFilterSet(
        QueryDict("published=maybe"), queryset=Assessment.objects.all()
    ).is_valid()
