"""AchievementFilterSet and DisclosureFilterSet, built directly with query parameters."""

import datetime as dt

import pytest
from django.http import QueryDict
from django.utils import timezone

from accounts.tests.factories import OrganizationFactory
from achievements.filtersets import AchievementFilterSet, DisclosureFilterSet
from achievements.models import Achievement, Disclosure
from achievements.tests.factories import AchievementFactory, DisclosureFactory
from portal.models import Field
from portal.search import index_objects

pytestmark = pytest.mark.django_db


def count(params: str, queryset=None) -> int:
    filterset = AchievementFilterSet(
        QueryDict(params), queryset=queryset or Achievement.objects.all()
    )
    assert filterset.is_valid(), filterset.errors
    return filterset.qs.count()


def errors(params: str) -> dict:
    filterset = AchievementFilterSet(QueryDict(params), queryset=Achievement.objects.all())
    assert not filterset.is_valid()
    return filterset.errors


@pytest.fixture
def catalogue(university_a, university_b):
    university_b.region = "beijing"
    university_b.save()
    battery = AchievementFactory.create(
        institution=university_a,
        title_en="Solid-state battery separator",
        title_zh="固态电池隔膜",
        trl=3,
        ip_status="patented",
        transfer_modes=["exclusive-licence", "assignment"],
        development_stage="laboratory",
        published_at=timezone.make_aware(dt.datetime(2026, 1, 15, 9)),
    )
    battery.fields.set([Field.objects.get(code="2.5")])  # materials engineering
    vaccine = AchievementFactory.create(
        institution=university_b,
        title_en="Thermostable vaccine",
        title_zh="",
        summary_zh="",
        trl=7,
        ip_status="patent-pending",
        transfer_modes=["joint-development"],
        published_at=timezone.make_aware(dt.datetime(2026, 2, 1, 0, 30)),
    )
    vaccine.fields.set([Field.objects.get(code="3.4")])  # medical biotechnology
    chinese_only = AchievementFactory.create(
        institution=university_b,
        title_en="",
        summary_en="",
        title_zh="智能灌溉",
        trl=None,
        status="draft",
        published_at=None,
    )
    # As the listing services would after writing them: q= goes through the search index.
    index_objects(Achievement, [battery.pk, vaccine.pk, chinese_only.pk])
    return battery, vaccine, chinese_only


def test_no_parameters_keep_everything(catalogue):
    assert count("") == 3


def test_a_top_level_field_includes_its_sub_fields(catalogue):
    assert count("field=2") == 1  # engineering ⊃ materials engineering
    assert count("field=2.5") == 1
    assert count("field=2.1") == 0
    assert count("field=2&field=3") == 2


def test_an_unknown_field_code_matches_nothing_and_a_malformed_one_is_refused(catalogue):
    assert count("field=9.99") == 0
    assert "field" in errors("field=%20;drop")


def test_trl_range_is_inclusive_and_bounded_to_1_to_9(catalogue):
    assert count("trl_min=3") == 2
    assert count("trl_min=4&trl_max=7") == 1
    assert count("trl_max=3") == 1
    assert "trl_min" in errors("trl_min=0")
    assert "trl_max" in errors("trl_max=10")
    assert "trl_min" in errors("trl_min=three")


def test_institution_and_region_filter_through_the_institution(catalogue):
    assert count("institution=university-a") == 1
    assert count("institution=university-a&institution=university-b") == 3
    assert count("institution=nobody") == 0
    assert count("region=beijing") == 2
    assert "region" in errors("region=atlantis")


def test_transfer_mode_matches_any_of_the_modes_asked_for(catalogue):
    assert count("transfer_mode=assignment") == 1
    assert count("transfer_mode=assignment&transfer_mode=joint-development") == 2
    assert "transfer_mode" in errors("transfer_mode=gift")


def test_ip_status_development_stage_and_status(catalogue):
    assert count("ip_status=patented&ip_status=patent-pending") == 2
    assert count("development_stage=laboratory") == 1
    assert count("status=draft") == 1


def test_language_counts_bilingual_listings_for_both_languages(catalogue):
    assert count("language=zh") == 2
    assert count("language=en") == 2
    assert count("language=bilingual") == 1


def test_published_dates_are_whole_days_in_the_portals_time_zone(catalogue):
    assert count("published_after=2026-01-16") == 1
    assert count("published_before=2026-01-15") == 1
    assert count("published_after=2026-02-01&published_before=2026-02-01") == 1
    assert count("published_after=0001-01-01") == 2
    assert "published_after" in errors("published_after=yesterday")


def test_q_needs_every_word_in_a_title_or_summary(catalogue):
    assert count("q=battery") == 1
    assert count("q=固态") == 1
    assert count("q=battery vaccine") == 0


def test_q_speaks_the_search_box_syntax(catalogue):
    assert count("q=battery OR vaccine") == 2
    assert count("q=separator -vaccine") == 1
    assert count("q=vaccine -thermostable") == 0
    assert count("q=固態") == 1  # Traditional characters find the Simplified listing


def test_ordering_accepts_only_the_listed_orderings(catalogue):
    battery, vaccine, _draft = catalogue
    filterset = AchievementFilterSet(QueryDict("ordering=-trl"), queryset=Achievement.objects.all())
    assert [a.pk for a in filterset.qs if a.trl] == [vaccine.pk, battery.pk]
    assert "ordering" in errors("ordering=title")


def test_disclosures_filter_on_status_institution_and_submission_day(university_a, university_b):
    DisclosureFactory.create(
        institution=university_a,
        status="submitted",
        submitted_at=timezone.make_aware(dt.datetime(2026, 3, 3, 10)),
    )
    DisclosureFactory.create(institution=university_b, status="draft")
    university_c = OrganizationFactory.create(slug="university-c")
    DisclosureFactory.create(institution=university_c, status="accepted")

    def n(params):
        filterset = DisclosureFilterSet(QueryDict(params), queryset=Disclosure.objects.all())
        assert filterset.is_valid(), filterset.errors
        return filterset.qs.count()

    assert n("status=submitted&status=accepted") == 2
    assert n("institution=university-b") == 1
    assert n("submitted_after=2026-03-03&submitted_before=2026-03-03") == 1
    assert n("q=confidential") == 3
