"""Journey: an enterprise's technology need from draft to public, and closed.

enterprise member drafts a need → submits it → a moderator requests changes with a reason →
the member sees the reason, fixes the need and submits again → the moderator approves → a
visitor finds it in the need list and through the search page → the member closes it.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.browser.test_tto_journey import expect_text, log_in

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Quiet magnetic bearings for lifts"


def test_an_enterprise_need_goes_public_and_is_closed(
    browser, live_server, page, enterprise_member, moderator
):
    member = log_in(browser, live_server, enterprise_member)
    member.on("dialog", lambda dialog: dialog.accept())  # the confirmation of each action

    # Draft.
    member.get_by_role("link", name="Our needs").click()
    member.get_by_role("link", name="New technology need").click()
    member.get_by_label("Title").fill(TITLE)
    member.get_by_label("Description").fill("Bearings **below 30 dB** for passenger lifts.")
    member.get_by_label("Keywords").fill("bearing; 磁悬浮")
    member.get_by_label("Lowest acceptable TRL").select_option("6")
    member.get_by_label("Highest TRL sought").select_option("3")
    deadline = timezone.localdate() + dt.timedelta(days=60)
    member.get_by_label("Deadline").fill(deadline.isoformat())
    member.get_by_role("button", name="Save").click()
    # The TRL range is the wrong way round: the form says so, and nothing is saved.
    assert member.get_by_text("The highest TRL must not be below the lowest one.").is_visible()
    member.get_by_label("Highest TRL sought").select_option("8")
    member.get_by_role("button", name="Save").click()
    member.wait_for_url(re.compile(r".*/needs/\d+/$"))
    need_url = member.url
    expect_text(member, '[data-testid="need-status"]', "Draft")
    assert member.locator(".markdown strong").inner_text() == "below 30 dB"

    # Submit.
    member.get_by_role("button", name="Submit for review").click()
    expect_text(member, '[data-testid="need-status"]', "Submitted for review")
    assert page.goto(need_url).status == 404  # not public yet

    # The moderator asks for changes.
    mod = log_in(browser, live_server, moderator)
    mod.goto("/moderation/?kind=need")
    mod.locator('[data-testid="moderation-queue"]').get_by_role("link", name="Review").click()
    mod.get_by_label("Request changes").check()
    mod.get_by_label("Reason").fill("Please state the lift load range.")
    mod.get_by_role("button", name="Record the decision").click()
    mod.wait_for_url("**/moderation/")

    # The member sees the reason, fixes the need and submits again.
    member.goto(need_url)
    expect_text(member, '[data-testid="need-status"]', "Changes requested")
    reason = member.locator('[data-testid="moderator-reason"]')
    assert "Please state the lift load range." in reason.inner_text()
    member.get_by_role("link", name="Edit").click()
    member.get_by_label("Description").fill(
        "Bearings **below 30 dB** for passenger lifts of 630–1600 kg."
    )
    member.get_by_role("button", name="Save").click()
    member.wait_for_url(need_url)
    member.get_by_role("button", name="Submit for review").click()
    expect_text(member, '[data-testid="need-status"]', "Submitted for review")

    # The moderator approves.
    mod.goto("/moderation/?kind=need")
    mod.locator('[data-testid="moderation-queue"]').get_by_role("link", name="Review").click()
    mod.get_by_label("Approve").check()
    mod.get_by_label("Reason").fill("Clear and specific.")
    mod.get_by_role("button", name="Record the decision").click()
    mod.wait_for_url("**/moderation/")

    # A visitor finds it in the list and through search.
    page.goto("/needs/")
    assert page.get_by_role("link", name=TITLE).is_visible()
    page.goto("/search/?q=magnetic+bearings")
    page.get_by_role("link", name=re.compile("Quiet magnetic bearings")).first.click()
    page.wait_for_url(need_url)
    assert page.locator("h1").inner_text() == TITLE

    # The member closes it; it leaves the public list, and the history tells the story.
    member.goto(need_url)
    member.get_by_role("button", name="Close").click()
    expect_text(member, '[data-testid="need-status"]', "Closed")
    page.goto("/needs/")
    assert page.get_by_role("link", name=TITLE).count() == 0
    member.get_by_role("link", name="History").click()
    for step in ("Created", "Submitted", "Changes requested", "Approved", "Closed by the owner"):
        assert member.get_by_role("cell", name=step, exact=True).count() >= 1, step
