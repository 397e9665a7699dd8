"""The OECD Fields of Science and Technology ship with the first migration, in both languages."""

import pytest

from portal.models import Field
from portal.taxonomy import load_taxonomy

pytestmark = pytest.mark.django_db


def test_the_two_level_oecd_taxonomy_is_loaded():
    fields = Field.objects.filter(scheme=Field.Scheme.OECD_FOS)
    assert fields.filter(depth=0).count() == 6
    assert fields.filter(depth=1).count() == 42
    assert not fields.filter(name_zh="").exists()
    assert not fields.filter(name_en="").exists()
    nano = fields.get(code="2.10")
    assert nano.parent is not None
    assert nano.parent.code == "2"
    assert nano.name_zh == "纳米技术"


def test_reloading_the_taxonomy_updates_in_place():
    before = Field.objects.count()
    assert load_taxonomy(Field) == 48
    assert Field.objects.count() == before
