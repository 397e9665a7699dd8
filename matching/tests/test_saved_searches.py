"""Saved searches: validation, limits, and runs that notify once per new visible result."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.tests.factories import MembershipFactory, UserFactory
from achievements.models import Achievement
from achievements.services.listings import achievement_save, achievement_submit
from achievements.services.moderation import achievement_approve, achievement_take_down
from achievements.tests.factories import AchievementFactory
from matching.notifications.models import Notification, OutboundEmail
from matching.notifications.vocabulary import Kind
from matching.saved_searches import services
from matching.saved_searches.models import SavedSearch
from matching.saved_searches.tasks import run_due_saved_searches
from matching.tests.factories import NotificationPreferenceFactory
from needs.tests.factories import NeedFactory
from portal.search import index_objects

pytestmark = pytest.mark.django_db


def indexed(factory: Any = AchievementFactory, **fields: Any) -> Any:
    obj = factory.create(**fields)
    index_objects(type(obj), [obj.pk])
    return obj


def save(user: Any, query: str = "q=graphene", name: str = "Graphene", **kw: Any) -> SavedSearch:
    return services.saved_search_create(
        owner=user, name=name, query=query, frequency=kw.get("frequency", "daily")
    )


def make_due(saved: SavedSearch) -> None:
    SavedSearch.objects.filter(pk=saved.pk).update(next_run_at=timezone.now() - timedelta(1))


def run(saved: SavedSearch) -> int | None:
    make_due(saved)
    return services.saved_search_run(saved_search_id=saved.pk)


def notified(user: Any) -> list[str]:
    return sorted(
        n.payload.get("title_en", "") for n in Notification.objects.filter(recipient=user)
    )


@pytest.fixture
def graphene_search(enterprise_member) -> SavedSearch:
    return save(enterprise_member)


# --- Saving -----------------------------------------------------------------------------------


def test_a_search_page_address_is_saved_normalised(enterprise_member):
    saved = save(enterprise_member, query="/search/?q=battery&type=achievement&trl=6&after=x")
    assert saved.query == "q=battery&type=achievement&trl=6"
    assert saved.search_url == "/search/?q=battery&type=achievement&trl=6"


def test_a_bad_filter_is_refused_naming_the_query(enterprise_member):
    with pytest.raises(ValidationError) as refused:
        save(enterprise_member, query="q=x&type=planet")
    assert "query" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        save(enterprise_member, query="q=x&trl=eleven")
    assert "query" in refused.value.message_dict
    assert not SavedSearch.objects.exists()


def test_names_are_unique_per_person_and_never_blank(enterprise_member, tto_a):
    save(enterprise_member)
    save(tto_a)  # someone else may use the same name
    with pytest.raises(ValidationError) as refused:
        save(enterprise_member, name="  Graphene ")
    assert "name" in refused.value.message_dict
    with pytest.raises(ValidationError):
        save(enterprise_member, name="   ")


def test_a_person_may_keep_a_limited_number(enterprise_member, settings):
    settings.SAVED_SEARCHES_PER_USER = 2
    save(enterprise_member, name="one")
    save(enterprise_member, name="two")
    with pytest.raises(ValidationError, match="at most 2"):
        save(enterprise_member, name="three")
    assert SavedSearch.objects.filter(owner=enterprise_member).count() == 2


def test_only_the_owner_changes_or_deletes_it(graphene_search, tto_a):
    with pytest.raises(PermissionDenied):
        services.saved_search_update(actor=tto_a, saved_search=graphene_search, name="Mine")
    with pytest.raises(PermissionDenied):
        services.saved_search_delete(actor=tto_a, saved_search=graphene_search)
    assert SavedSearch.objects.visible_to(tto_a).count() == 0


# --- Running ----------------------------------------------------------------------------------


def test_results_that_existed_when_saving_are_not_new(enterprise_member, university_a):
    indexed(institution=university_a, title_en="Graphene film, old")
    saved = save(enterprise_member)
    assert run(saved) == 0
    assert notified(enterprise_member) == []


def test_each_new_visible_result_notifies_once(graphene_search, enterprise_member, university_a):
    indexed(institution=university_a, title_en="Graphene ink")
    indexed(
        NeedFactory,
        title="Graphene coating wanted",
        organization=enterprise_member.memberships.first().organization,
    )
    indexed(institution=university_a, title_en="Sodium battery")  # does not match
    assert run(graphene_search) == 2
    assert Notification.objects.filter(recipient=enterprise_member).count() == 2
    note = Notification.objects.filter(recipient=enterprise_member, object_id__isnull=False)[0]
    assert note.kind == Kind.SAVED_SEARCH
    assert note.reason == f"saved-search:{graphene_search.pk}"
    assert note.payload["search"] == "Graphene"
    assert note.payload["url"] in {f"/achievements/{note.object_id}/", f"/needs/{note.object_id}/"}
    # Running again, or the same message delivered twice, adds nothing.
    assert run(graphene_search) == 0
    assert services.saved_search_run(saved_search_id=graphene_search.pk) is None
    assert Notification.objects.filter(recipient=enterprise_member).count() == 2


def test_invisible_results_never_notify(
    graphene_search, enterprise_member, university_a, tto_a, moderator
):
    # A draft of University A (indexed privately, for its TTO only).
    achievement_save(
        actor=tto_a,
        institution=university_a,
        values={"title_en": "Graphene draft, secret", "trl": 4},
    )
    # A listing under review.
    submitted = achievement_save(
        actor=tto_a,
        institution=university_a,
        values={"title_en": "Graphene under review", "trl": 4},
    )
    achievement_submit(actor=tto_a, achievement=submitted)
    # A listing indexed as published, then taken down before the run.
    taken = indexed(institution=university_a, title_en="Graphene taken down")
    achievement_take_down(actor=moderator, target=taken, reason="Upheld abuse report.")
    # A stale index row: unpublished in the database, still in the index.
    stale = indexed(institution=university_a, title_en="Graphene stale row")
    Achievement.objects.filter(pk=stale.pk).update(status="draft")
    assert run(graphene_search) == 0
    assert notified(enterprise_member) == []
    # Once one is really published, that one (only) notifies.
    achievement_approve(actor=moderator, target=submitted, reason="Complete.")
    assert run(graphene_search) == 1
    assert notified(enterprise_member) == ["Graphene under review"]


def test_an_edit_of_a_notified_listing_does_not_notify_again(
    graphene_search, enterprise_member, university_a
):
    listing = indexed(institution=university_a, title_en="Graphene sensor")
    assert run(graphene_search) == 1
    listing.title_en = "Graphene sensor, second edition"
    listing.save()
    index_objects(Achievement, [listing.pk])
    assert run(graphene_search) == 0
    assert Notification.objects.filter(recipient=enterprise_member).count() == 1


def test_a_listing_published_while_a_run_read_is_found_by_the_next(
    graphene_search, enterprise_member, university_a
):
    """The overlap: a result published just before the watermark is looked at again."""
    SavedSearch.objects.filter(pk=graphene_search.pk).update(
        watched_since=timezone.now() - timedelta(hours=1)  # saved an hour ago
    )
    assert run(graphene_search) == 0
    late = indexed(
        institution=university_a,
        title_en="Graphene, committed late",
        published_at=SavedSearch.objects.get(pk=graphene_search.pk).results_since
        - timedelta(minutes=1),
    )
    assert run(graphene_search) == 1
    assert notified(enterprise_member) == [late.title_en]


def test_a_changed_search_starts_afresh(graphene_search, enterprise_member, university_a):
    indexed(institution=university_a, title_en="Perovskite cell")
    services.saved_search_update(
        actor=enterprise_member, saved_search=graphene_search, query="q=perovskite"
    )
    assert run(graphene_search) == 0  # it existed before the change
    indexed(institution=university_a, title_en="Perovskite tandem")
    assert run(graphene_search) == 1


# --- When searches run ------------------------------------------------------------------------


def test_each_frequency_sets_the_next_check(enterprise_member, settings):
    settings.SAVED_SEARCH_INSTANT_SECONDS = 300
    before = timezone.now()
    instant = save(enterprise_member, name="i", frequency="instant")
    daily = save(enterprise_member, name="d", frequency="daily")
    weekly = save(enterprise_member, name="w", frequency="weekly")
    assert timedelta(seconds=299) < instant.next_run_at - before < timedelta(seconds=302)
    assert timedelta(hours=23) < daily.next_run_at - before <= timedelta(days=1, seconds=2)
    assert timedelta(days=6) < weekly.next_run_at - before <= timedelta(days=7, seconds=2)
    run(daily)
    daily.refresh_from_db()
    assert daily.next_run_at - timezone.now() > timedelta(hours=23)
    assert daily.last_run_at is not None
    assert daily.claim_token is None


def test_only_due_active_searches_run(enterprise_member, university_a, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    due = save(enterprise_member, name="due")
    not_yet = save(enterprise_member, name="not yet")
    paused = save(enterprise_member, name="paused", frequency="paused")
    make_due(due)
    make_due(paused)
    indexed(institution=university_a, title_en="Graphene cable")
    assert run_due_saved_searches.apply().get() == 1
    reasons = set(Notification.objects.values_list("reason", flat=True))
    assert reasons == {f"saved-search:{due.pk}"}
    not_yet.refresh_from_db()
    assert not_yet.last_run_at is None


def test_a_claimed_search_is_not_claimed_twice(graphene_search):
    make_due(graphene_search)
    first = services.saved_search_claim(saved_search_id=graphene_search.pk)
    second = services.saved_search_claim(saved_search_id=graphene_search.pk)
    assert first is not None
    assert second is None


def test_a_run_whose_worker_died_is_due_again_after_the_lease(
    graphene_search, enterprise_member, university_a
):
    make_due(graphene_search)
    assert services.saved_search_claim(saved_search_id=graphene_search.pk) is not None
    indexed(institution=university_a, title_en="Graphene after the crash")
    # The worker died: nothing finished. After the lease, the search is due again.
    SavedSearch.objects.filter(pk=graphene_search.pk).update(
        next_run_at=timezone.now() - timedelta(seconds=1)
    )
    assert services.saved_search_run(saved_search_id=graphene_search.pk) == 1


def test_a_deactivated_owner_gets_nothing(graphene_search, enterprise_member, university_a):
    indexed(institution=university_a, title_en="Graphene for nobody")
    enterprise_member.is_active = False
    enterprise_member.save()
    assert run(graphene_search) is None
    assert not Notification.objects.exists()


# --- Emails -----------------------------------------------------------------------------------


@pytest.fixture
def chinese_member(enterprise):
    user = UserFactory.create(
        email="reader-zh@example.org", display_name="王芳", preferred_language="zh-hans"
    )
    MembershipFactory.create(user=user, organization=enterprise, role="member")
    return user


def test_instant_emails_arrive_in_the_readers_language_with_an_unsubscribe_link(
    smtp,
    enterprise_member,
    chinese_member,
    university_a,
    tto_a,
    django_capture_on_commit_callbacks,
):
    for user in (enterprise_member, chinese_member):
        NotificationPreferenceFactory.create(user=user, kind=Kind.SAVED_SEARCH)  # instant
    english = save(enterprise_member, query="q=石墨烯", name="Graphene EN")
    chinese = save(chinese_member, query="q=石墨烯", name="石墨烯")
    achievement_save(
        actor=tto_a,
        institution=university_a,
        values={"title_en": "Graphene draft, confidential", "title_zh": "石墨烯草稿", "trl": 3},
    )
    indexed(institution=university_a, title_en="Graphene membrane", title_zh="石墨烯膜")
    with django_capture_on_commit_callbacks(execute=True):
        assert run(english) == 1
        assert run(chinese) == 1
    assert OutboundEmail.objects.filter(state="sent").count() == 2
    (to_english,) = smtp.to("member-c@example.org")
    (to_chinese,) = smtp.to("reader-zh@example.org")
    assert "Graphene membrane" in to_english.subject
    assert "A new result for your saved search “Graphene EN”." in to_english.text
    assert to_english.message["Content-Language"] == "en"
    assert to_chinese.subject.startswith("科桥")
    assert "石墨烯膜" in to_chinese.subject
    assert to_chinese.text.startswith("王芳，您好：")
    assert to_chinese.message["Content-Language"] == "zh-hans"
    for received in (to_english, to_chinese):
        assert "/notifications/unsubscribe/" in str(received.message["List-Unsubscribe"])
        assert "/notifications/unsubscribe/" in received.text
        assert "draft" not in received.everything.lower()
        assert "草稿" not in received.everything


def test_new_results_beyond_the_first_page_all_notify(graphene_search, university_a):
    for n in range(services.FIRST_PAGE_SIZE + 5):
        indexed(institution=university_a, title_en=f"Graphene part {n}")
    assert run(graphene_search) == services.FIRST_PAGE_SIZE + 5
    assert run(graphene_search) == 0
