"""Journey: an expert assessment, from the request to the public listing page.

A TTO officer finds an expert in the finder with the "Evaluation" facet → asks them to assess a
listing → the expert (logged in) sees the request in "My assessments" and submits it → the
officer publishes it → a visitor sees the "expert-assessed" mark in the catalogue and the
assessment on the listing's page.
"""

import pytest

from accounts.tests.factories import TEST_PASSWORD
from achievements.tests.factories import AchievementFactory
from experts.models import Assessment, Expert
from experts.tests.factories import ExpertFactory
from portal.search import index_objects

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


def test_an_assessment_from_request_to_the_public_page(
    browser, live_server, page, tto_a, university_a, expert_user
):
    listing = AchievementFactory.create(
        institution=university_a, title_en="Graphene heat spreader", title_zh=""
    )
    ExpertFactory.create(
        name_en="Mentor Only",
        available_for_evaluation=False,
        available_for_mentoring=True,
    )
    index_objects(Expert, Expert.objects.values_list("pk", flat=True))

    # The officer narrows the finder to experts available for evaluation.
    officer = log_in(browser, live_server, tto_a)
    officer.goto("/experts/")
    assert officer.get_by_role("link", name="Mentor Only").count() == 1
    officer.locator(".filter-available_for").get_by_label("Evaluation").check()
    officer.get_by_role("button", name="Apply filters").click()
    officer.wait_for_url("**available_for=evaluation**")
    assert officer.get_by_role("link", name="Mentor Only").count() == 0
    officer.get_by_role("link", name="Expert E").click()
    officer.get_by_role("link", name="Ask for an assessment").click()
    officer.get_by_label("Listing").select_option(str(listing.pk))
    officer.get_by_role("button", name="Send the request").click()
    officer.wait_for_url("**/experts/assessments/")
    assert officer.get_by_role("cell", name="Requested").count() == 1

    # The expert finds the request and submits an assessment.
    expert = log_in(browser, live_server, expert_user)
    expert.get_by_role("link", name="Assessments", exact=True).click()
    expert.get_by_role("link", name="Graphene heat spreader").click()
    expert.get_by_label("Assessed TRL").fill("6")
    expert.get_by_label("Market potential").select_option("3")
    expert.get_by_label("Recommendation").select_option("transfer")
    expert.get_by_label("Risks").fill("Thermal cycling not yet tested at scale.")
    expert.locator("#id_text").fill("A **convincing** pilot.")
    expert.get_by_role("button", name="Submit the assessment").click()
    expert.wait_for_selector('[data-testid="assessment-status"]:has-text("Submitted")')

    # Not published yet: a visitor sees the mark, not the text.
    page.goto(f"/achievements/{listing.pk}/")
    page.wait_for_selector('[data-testid="expert-assessed"]')
    assert page.get_by_text("Thermal cycling not yet tested at scale.").count() == 0

    # The officer publishes it.
    request = Assessment.objects.get()
    officer.goto(f"/experts/assessments/{request.pk}/")
    officer.get_by_role("button", name="Publish on the listing").click()
    officer.wait_for_selector("text=published on the listing")

    # The visitor sees the mark in the catalogue and the assessment on the listing.
    page.goto("/achievements/")
    page.locator("article.card", has_text="Graphene heat spreader").locator(
        '[data-testid="expert-assessed"]'
    ).wait_for()
    page.goto(f"/achievements/{listing.pk}/")
    page.get_by_text("Thermal cycling not yet tested at scale.").wait_for()
    assert page.locator('[data-testid="assessment"] strong', has_text="convincing").count() == 1
