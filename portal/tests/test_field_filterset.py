"""FieldFilterSet, built directly with query parameters."""

import pytest
from django.http import QueryDict

from portal.filtersets import FieldFilterSet
from portal.models import Field

pytestmark = pytest.mark.django_db


def count(params: str) -> int:
    filterset = FieldFilterSet(QueryDict(params), queryset=Field.objects.all())
    assert filterset.is_valid(), filterset.errors
    return filterset.qs.count()


def test_the_oecd_taxonomy_has_six_fields_and_their_sub_fields():
    assert count("depth=0") == 6
    assert count("parent=2") == 11
    assert count("scheme=oecd-fos") == Field.objects.count()
