"""The planned representation gives exactly what DRF's own Serializer.to_representation gives."""

from typing import Any

import pytest
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from accounts.api.organizations import OrganizationBriefSerializer, OrganizationSerializer
from achievements.api.serializers import (
    AchievementDetailSerializer,
    AchievementSerializer,
    DisclosureDetailSerializer,
    DisclosureSerializer,
)
from achievements.tests.factories import (
    AchievementFactory,
    DisclosureFactory,
    DisclosureInventorFactory,
    PatentFactory,
)
from experts.api.serializers import ExpertSerializer
from experts.tests.factories import ExpertFactory
from needs.api.serializers import NeedSerializer
from needs.tests.factories import NeedFactory
from portal.api.serializers import FieldBriefSerializer, FieldSerializer
from portal.models import Field
from portal.rest.serializers import ReadOnlyModelSerializer

pytestmark = pytest.mark.django_db


def drf_representation(serializer: Any, instance: Any) -> dict[str, Any]:
    """DRF's generic walk over the fields, nested serializers included."""
    data: dict[str, Any] = {}
    for field in serializer._readable_fields:
        name = str(field.field_name)
        attribute = field.get_attribute(instance)
        if attribute is None:
            data[name] = None
        elif isinstance(field, serializers.ListSerializer):
            rows = attribute.all() if hasattr(attribute, "all") else attribute
            data[name] = [drf_representation(field.child, row) for row in rows]
        elif isinstance(field, ReadOnlyModelSerializer):
            data[name] = drf_representation(field, attribute)
        else:
            data[name] = field.to_representation(attribute)
    return data


@pytest.fixture
def request_():
    return Request(APIRequestFactory().get("/api/v1/achievements/"))


@pytest.fixture
def objects(university_a, enterprise, researcher_a):
    fields = list(Field.objects.filter(code__in=["2.5", "3.4"]))
    achievement = AchievementFactory.create(
        institution=university_a,
        keywords=["a", "b"],
        transfer_modes=["assignment"],
        price_negotiable=False,
        price_min=1000,
        price_max=2500.5,
        development_stage="",
        trl=None,
    )
    achievement.fields.set(fields)
    PatentFactory.create(achievement=achievement)
    need = NeedFactory.create(organization=enterprise, region="", trl_min=2)
    need.fields.set(fields)
    expert = ExpertFactory.create(organization=None, languages=["en"])
    disclosure = DisclosureFactory.create(institution=university_a, submitter=researcher_a)
    DisclosureInventorFactory.create(disclosure=disclosure, user=None)
    return {
        AchievementSerializer: achievement,
        AchievementDetailSerializer: achievement,
        NeedSerializer: need,
        ExpertSerializer: expert,
        OrganizationSerializer: university_a,
        OrganizationBriefSerializer: university_a,
        DisclosureSerializer: disclosure,
        DisclosureDetailSerializer: disclosure,
        FieldSerializer: Field.objects.get(code="2.5"),
        FieldBriefSerializer: Field.objects.get(code="1"),
    }


def test_every_api_serializer_is_planned_and_matches_drf(objects, request_):
    for serializer_class, instance in objects.items():
        assert serializer_class.compiled() is not None, serializer_class
        serializer = serializer_class(context={"request": request_})
        planned = serializer.to_representation(instance)
        assert planned == drf_representation(serializer, instance), serializer_class
        assert list(planned) == list(serializer.fields), serializer_class


def test_a_list_of_many_is_planned_row_by_row(objects, request_):
    achievement = objects[AchievementSerializer]
    data = AchievementSerializer(
        [achievement, achievement], many=True, context={"request": request_}
    ).data
    assert data[0] == data[1]
    assert data[0]["url"] == f"http://testserver/api/v1/achievements/{achievement.pk}/"
