"""Journey: a researcher's disclosure becomes a published listing.

researcher submits a disclosure → TTO reviews, accepts and converts it → the officer completes
the listing and submits it → a moderator requests changes → the officer fixes them → the
moderator approves → an anonymous visitor sees the listing.
"""

import re

import pytest

from accounts.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(browser, live_server, user):
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard/")
    return page


def test_a_disclosure_travels_to_a_public_listing(
    browser, live_server, page, researcher_a, tto_a, moderator
):
    # The researcher files and submits a disclosure.
    researcher = log_in(browser, live_server, researcher_a)
    researcher.get_by_role("link", name="Disclosures").click()
    researcher.get_by_role("link", name="New disclosure").click()
    researcher.get_by_label("Title").first.fill("Room-temperature self-healing coating")
    researcher.get_by_label("Abstract").fill(
        "A polymer coating that closes scratches within an hour."
    )
    researcher.get_by_role("button", name="Submit to the TTO").click()
    expect_text(researcher, '[data-testid="disclosure-status"]', "Submitted")

    # The TTO officer reviews, accepts and converts it.
    officer = log_in(browser, live_server, tto_a)
    officer.get_by_role("link", name="Disclosures").click()
    officer.get_by_role("link", name="Room-temperature self-healing coating").click()
    officer.get_by_role("button", name="Start review").click()
    expect_text(officer, '[data-testid="disclosure-status"]', "Under review")
    officer.get_by_role("button", name="Accept").click()
    expect_text(officer, '[data-testid="disclosure-status"]', "Accepted")
    officer.get_by_role("button", name="Convert to a listing").click()
    officer.wait_for_url(re.compile(r".*/achievements/\d+/edit/$"))

    # The officer completes the listing and submits it.
    assert (
        officer.get_by_label("Title (English)").input_value()
        == "Room-temperature self-healing coating"
    )
    officer.get_by_label("Title (Chinese)").fill("室温自修复涂层")
    officer.get_by_label("Summary (English)").fill(
        "A polymer coating that closes scratches within an hour at room temperature, extending "
        "the service life of car paint and wind-turbine blades by 40% in accelerated ageing tests."
    )
    officer.get_by_label("Keywords").fill("coating, self-healing, polymer")
    officer.get_by_label("Exclusive licence", exact=True).check()
    officer.get_by_role("button", name="Save").click()
    officer.wait_for_url(re.compile(r".*/achievements/\d+/$"))
    listing_url = officer.url
    assert officer.locator('[data-hint="trl"]').is_visible()  # the quality check asks for a TRL
    officer.get_by_role("button", name="Submit for review").click()
    expect_text(officer, '[data-testid="listing-status"]', "Submitted for review")

    # The moderator asks for changes.
    mod = log_in(browser, live_server, moderator)
    mod.get_by_role("link", name="Moderation").click()
    mod.locator('[data-testid="moderation-queue"]').get_by_role("link", name="Review").click()
    mod.get_by_label("Request changes").check()
    mod.get_by_label("Reason").fill("Please give the technology readiness level.")
    mod.get_by_role("button", name="Record the decision").click()
    mod.wait_for_url("**/moderation/")

    # The officer fixes the listing and submits it again.
    officer.goto(listing_url)
    expect_text(officer, '[data-testid="listing-status"]', "Changes requested")
    officer.get_by_role("link", name="History").click()
    assert officer.get_by_text("Please give the technology readiness level.").is_visible()
    officer.goto(listing_url)
    officer.get_by_role("link", name="Edit").click()
    officer.get_by_label("Technology readiness level").select_option("5")
    officer.get_by_role("button", name="Save").click()
    officer.get_by_role("button", name="Submit for review").click()
    expect_text(officer, '[data-testid="listing-status"]', "Submitted for review")

    # Not public yet.
    assert page.goto(listing_url).status == 404

    # The moderator approves.
    mod.goto("/moderation/")
    mod.locator('[data-testid="moderation-queue"]').get_by_role("link", name="Review").click()
    mod.get_by_label("Approve").check()
    mod.get_by_label("Reason").fill("Complete and accurate.")
    mod.get_by_role("button", name="Record the decision").click()
    mod.wait_for_url("**/moderation/")

    # A visitor sees the published listing, on its page and on the home page.
    page.goto(listing_url)
    assert page.locator("h1").inner_text() == "Room-temperature self-healing coating"
    assert "40%" in page.locator(".summary").inner_text()
    page.goto("/")
    assert page.get_by_role("link", name="Room-temperature self-healing coating").is_visible()


def expect_text(page, selector: str, text: str) -> None:
    page.wait_for_function(
        "([selector, text]) => document.querySelector(selector)?.textContent.trim() === text",
        arg=[selector, text],
    )
