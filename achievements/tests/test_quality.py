"""The listing-quality check: concrete hints, a score, no hint for a complete listing."""

import pytest

from achievements.models import Achievement
from achievements.quality import assess
from achievements.tests.factories import AchievementFactory, PatentFactory
from portal.models import Field

pytestmark = pytest.mark.django_db


def hints(listing, **kwargs) -> set[str]:
    return {hint.code for hint in assess(listing, **kwargs).hints}


def test_a_bare_listing_gets_every_hint_and_a_low_score(university_a):
    listing = Achievement(institution=university_a, title_en="Bare", ip_status="patented")
    quality = assess(listing)
    assert {h.code for h in quality.hints} == {
        "trl",
        "field",
        "summary_short",
        "patent_numbers",
        "quantified",
        "transfer_modes",
        "keywords",
        "description",
        "contact",
        "bilingual",
    }
    assert quality.score == 0
    assert quality.level == "poor"


def test_a_complete_listing_scores_100(university_a):
    listing = AchievementFactory.create(
        institution=university_a,
        title_zh="高安全隔膜",
        title_en="Safe separator",
        summary_en="A ceramic-coated separator " * 10,
        description="Cuts thermal runaway incidents by 90% in nail tests.",
        keywords=["battery", "separator", "safety"],
        trl=6,
        ip_status="patented",
        transfer_modes=["assignment"],
        contact_email="tto@example.org",
    )
    listing.fields.set(Field.objects.filter(code="2.5"))
    PatentFactory.create(achievement=listing)
    assert assess(listing).hints == []
    assert assess(listing).score == 100


@pytest.mark.parametrize(
    "text",
    ["降低能耗40%", "3 times faster", "2倍寿命", "a 5x gain", "improves yield by 12 percent"],
)
def test_quantified_advantages_are_recognised(university_a, text):
    listing = Achievement(institution=university_a, title_en="x", summary_en=text)
    assert "quantified" not in hints(listing)


def test_patent_numbers_are_only_asked_for_when_the_ip_is_patented(university_a):
    listing = Achievement(institution=university_a, title_en="x", ip_status="software-copyright")
    assert "patent_numbers" not in hints(listing)
    listing.ip_status = "patent-pending"
    assert "patent_numbers" in hints(listing)
    assert "patent_numbers" not in hints(listing, patents=[{"number": "CN1"}])


def test_a_chinese_summary_of_80_characters_is_long_enough(university_a):
    listing = Achievement(institution=university_a, title_zh="x", summary_zh="字" * 80)
    assert "summary_short" not in hints(listing)
