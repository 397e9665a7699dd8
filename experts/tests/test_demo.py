"""The expert pool in the demo world: bilingual profiles and a published assessment, twice."""

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from experts.models import Assessment, Expert

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_the_demo_has_a_published_assessment_and_seeding_again_changes_nothing():
    call_command("seed_demo")
    first = list(Assessment.objects.order_by("pk").values_list("pk", "status", "published"))
    call_command("seed_demo")
    assert list(Assessment.objects.order_by("pk").values_list("pk", "status", "published")) == first
    published = Assessment.objects.get(published=True)
    assert published.status == "submitted"
    assert Expert.objects.exclude(name_zh="").exclude(name_en="").exists()
    page = Client().get(f"/achievements/{published.achievement_id}/").content.decode()
    assert 'data-testid="expert-assessed"' in page
    assert published.expert.name in page
