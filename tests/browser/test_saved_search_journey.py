"""Journey: an enterprise member saves a search; a matching listing is published; the periodic
task runs; the header's unread count goes up and the inbox shows the new result."""

import pytest

from accounts.tests.factories import TEST_PASSWORD
from achievements.services.listings import achievement_save, achievement_submit
from achievements.services.moderation import achievement_approve
from matching.saved_searches.models import SavedSearch
from matching.saved_searches.tasks import run_due_saved_searches

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard/")


def publish(tto, moderator, institution, title_en):
    listing = achievement_save(
        actor=tto, institution=institution, values={"title_en": title_en, "trl": 6}
    )
    achievement_submit(actor=tto, achievement=listing)
    achievement_approve(actor=moderator, target=listing, reason="Complete and clear.")
    return listing


def test_a_member_saves_a_search_and_hears_of_a_new_result(
    page, settings, enterprise_member, tto_a, moderator, university_a
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    log_in(page, enterprise_member)
    page.get_by_role("link", name="Search", exact=True).first.click()
    page.get_by_label("Search terms").fill("graphene")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/search/?q=graphene*")

    page.get_by_test_id("save-search").click()
    page.wait_for_url("**/saved-searches/new/?q=graphene*")
    page.get_by_label("Name").fill("Graphene watch")
    page.get_by_label("Daily").check()
    page.get_by_role("button", name="Save search").click()
    page.wait_for_selector("text=Your search is saved.")
    row = page.locator("[data-saved-search]")
    assert row.count() == 1
    assert "Graphene watch" in row.inner_text()
    assert page.locator(".unread-count").count() == 0

    # A matching listing is published (and a non-matching one), then the search is due.
    publish(tto_a, moderator, university_a, "Graphene thermal film")
    publish(tto_a, moderator, university_a, "Sodium-ion cathode")
    SavedSearch.objects.update(next_run_at="2000-01-01T00:00:00Z")
    run_due_saved_searches.apply()

    page.reload()
    assert page.locator(".unread-count").inner_text() == "1"
    page.get_by_role("link", name="Notifications").click()
    page.wait_for_url("**/notifications/")
    (item,) = page.locator("li.notification.unread").all()
    assert "Graphene thermal film" in item.inner_text()
    assert "A new result for your saved search “Graphene watch”." in item.inner_text()
    assert "Sodium" not in page.content()

    # Opening it goes to the listing; the search can be paused and deleted from its list.
    item.get_by_role("link", name="Graphene thermal film").click()
    page.wait_for_url("**/achievements/*/")
    page.get_by_role("link", name="Saved searches").click()
    page.get_by_role("button", name="Pause").click()
    page.wait_for_selector("text=The saved search is paused.")
    assert SavedSearch.objects.get().frequency == "paused"
    page.get_by_role("button", name="Delete").click()
    page.wait_for_selector("text=The saved search is deleted.")
    assert not SavedSearch.objects.exists()
