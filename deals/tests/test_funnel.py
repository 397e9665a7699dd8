"""The funnel: counting page views cheaply and once, and the figures only the TTO reads."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from achievements.tests.factories import AchievementFactory
from deals import funnel
from deals.models import AccessRequest, ListingViewDay
from deals.services import (
    OutcomeData,
    access_request_approve,
    access_request_create,
    inquiry_create,
    listing_view_add,
    nda_accept,
    nda_publish,
    outcome_record,
)
from deals.visitors import is_robot

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0"


def views_of(listing):
    return sum(ListingViewDay.objects.filter(achievement=listing).values_list("views", flat=True))


def read(client, listing, agent=BROWSER, **extra):
    return client.get(f"/achievements/{listing.pk}/", HTTP_USER_AGENT=agent, **extra)


@pytest.mark.parametrize(
    "agent",
    [
        "",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "curl/8.5.0",
        "python-requests/2.32",
        "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/126.0",
        "Baiduspider",
    ],
)
def test_robots_are_recognised(agent):
    assert is_robot(agent)


def test_a_browser_is_a_person():
    assert not is_robot(BROWSER)


def test_a_visitor_counts_once_a_day_and_robots_not_at_all(
    client_for, django_capture_on_commit_callbacks, listing, enterprise_member
):
    visitor = client_for(None)
    with django_capture_on_commit_callbacks(execute=True):
        read(visitor, listing)
        read(visitor, listing)
        read(visitor, listing, agent="Googlebot/2.1")
        read(client_for(enterprise_member), listing)
        read(client_for(enterprise_member), listing)
        read(visitor, listing, REMOTE_ADDR="198.51.100.9")  # another address: another visitor
    assert views_of(listing) == 3


def test_the_owners_and_moderators_reading_is_not_counted(
    client_for, django_capture_on_commit_callbacks, listing, tto_a, moderator
):
    with django_capture_on_commit_callbacks(execute=True):
        read(client_for(tto_a), listing)
        read(client_for(moderator), listing)
    assert views_of(listing) == 0


def test_counting_is_one_upsert_on_the_days_row(listing):
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as queries:
        listing_view_add(achievement_id=listing.pk, day=today)
    assert len(queries) == 1
    assert "ON CONFLICT" in queries[0]["sql"]
    listing_view_add(achievement_id=listing.pk, day=today)
    assert ListingViewDay.objects.get(achievement=listing, day=today).views == 2


def test_a_cache_outage_does_not_break_the_listing_page(
    client_for, listing, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(cache, "add", broken)
    with django_capture_on_commit_callbacks(execute=True):
        assert read(client_for(None), listing).status_code == 200
    assert views_of(listing) == 0


def test_the_funnel_counts_each_stage_in_the_window(
    tto_a, enterprise_member, expert_user, listing, university_a
):
    today = timezone.localdate()
    ListingViewDay.objects.create(achievement=listing, day=today, views=40)
    ListingViewDay.objects.create(achievement=listing, day=today - dt.timedelta(days=45), views=7)
    inquiry_create(actor=enterprise_member, achievement=listing, subject="Q", body="Price?")
    nda = nda_publish(actor=tto_a, institution=university_a, title="NDA", text="Secret.")
    first = access_request_create(actor=enterprise_member, achievement=listing, purpose="Eval")
    access_request_create(actor=expert_user, achievement=listing, purpose="Review")
    nda_accept(
        actor=enterprise_member,
        access_request=first,
        nda=nda,
        signed_name="Chen Jing",
        ip_address="203.0.113.7",
    )
    access_request_approve(actor=tto_a, access_request=first)
    outcome_record(
        actor=tto_a,
        achievement=listing,
        data=OutcomeData(kind="assignment", signed_on=today, counterparty_name="Buyer Ltd."),
    )
    quiet = AchievementFactory.create(institution=university_a)
    month = funnel.institution_funnel(user=tto_a, institution=university_a, days=30)
    assert month.totals == funnel.Counts(40, 1, 2, 1, 1, 1)
    assert [row.achievement for row in month.listings] == [listing]
    assert quiet not in [row.achievement for row in month.listings]
    quarter = funnel.listing_funnel(user=tto_a, achievement=listing, days=90)
    assert quarter.totals.views == 47
    assert len(quarter.daily_views) == 90
    assert quarter.daily_views[-1] == (today, 40)


def test_approvals_count_in_the_window_they_were_made(tto_a, enterprise_member, listing):
    request = access_request_create(actor=enterprise_member, achievement=listing, purpose="E")
    access_request_approve(actor=tto_a, access_request=request)
    AccessRequest.objects.filter(pk=request.pk).update(
        decided_at=timezone.now() - dt.timedelta(days=100),
        created_at=timezone.now() - dt.timedelta(days=101),
    )
    counts = funnel.listing_funnel(user=tto_a, achievement=listing, days=30).totals
    assert (counts.access_requested, counts.access_approved) == (0, 0)
    counts = funnel.listing_funnel(user=tto_a, achievement=listing, days=365).totals
    assert (counts.access_requested, counts.access_approved) == (1, 1)


def test_only_the_institutions_tto_reads_its_funnel(
    tto_a, tto_b, enterprise_member, moderator, researcher_a, admin, university_a, listing
):
    for outsider in (tto_b, enterprise_member, moderator, researcher_a):
        with pytest.raises(PermissionDenied):
            funnel.institution_funnel(user=outsider, institution=university_a, days=30)
        with pytest.raises(PermissionDenied):
            funnel.listing_funnel(user=outsider, achievement=listing, days=30)
    funnel.institution_funnel(user=admin, institution=university_a, days=365)


@pytest.mark.parametrize("days", ["7", "abc", 0, "-30", "30.5"])
def test_only_the_three_windows_exist(tto_a, university_a, days):
    with pytest.raises(ValidationError) as error:
        funnel.institution_funnel(user=tto_a, institution=university_a, days=days)
    assert "days" in error.value.message_dict


def test_the_overview_costs_the_same_queries_however_many_listings(
    tto_a, university_a, django_assert_max_num_queries
):
    today = timezone.localdate()
    for listing in AchievementFactory.create_batch(12, institution=university_a):
        ListingViewDay.objects.create(achievement=listing, day=today, views=3)
    with django_assert_max_num_queries(10):  # 6 grouped counts, roles, permission, titles
        overview = funnel.institution_funnel(user=tto_a, institution=university_a, days=30)
    assert len(overview.listings) == 12


def test_the_funnel_pages_answer_the_tto_and_refuse_others(
    client_for, tto_a, tto_b, enterprise_member, listing, university_a
):
    overview = reverse("funnel")
    one = reverse("funnel-listing", args=[listing.pk])
    assert client_for(tto_a).get(overview).status_code == 200
    assert client_for(tto_a).get(one + "?days=365").status_code == 200
    assert client_for(tto_a).get(one + "?days=12").status_code == 400
    other = client_for(tto_b).get(overview + f"?institution={university_a.pk}")
    assert other.status_code == 200
    assert "University A" not in other.content.decode()  # their own institution instead
    assert client_for(enterprise_member).get(overview).status_code == 403
    assert client_for(tto_b).get(one).status_code == 403  # a published listing: visible
    assert client_for(None).get(one).status_code == 302
