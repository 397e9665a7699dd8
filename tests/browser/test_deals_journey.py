"""Journey: from a question to a deal.

An enterprise member asks about a listing → the TTO answers → the member asks for the
confidential documents → the TTO, whose institution has an NDA, approves once the member has
accepted it → the member downloads the confidential file → the TTO records the licence and
reads the funnel → a visitor sees that the listing was licensed.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.tests.factories import TEST_PASSWORD
from achievements.services import achievement_file_add
from achievements.tests.factories import AchievementFactory
from deals.models import NdaAcceptance

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n"
# A person's browser: headless Chromium names itself, and the funnel does not count robots.
DESKTOP = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Safari/537.36"
)


def log_in(browser, live_server, user):
    context = browser.new_context(base_url=live_server.url, locale="en-US", user_agent=DESKTOP)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard/")
    return page


def expect_text(page, selector: str, text: str) -> None:
    page.wait_for_function(
        "([selector, text]) => document.querySelector(selector)?.textContent.trim() === text",
        arg=[selector, text],
    )


def test_a_question_becomes_a_licence(
    browser, live_server, page, enterprise_member, enterprise, tto_a, university_a
):
    listing = AchievementFactory.create(
        institution=university_a,
        title_en="Composite separator for safer batteries",
        title_zh="高安全复合隔膜",
    )
    achievement_file_add(
        actor=tto_a,
        achievement=listing,
        upload=SimpleUploadedFile("term-sheet.pdf", PDF),
        kind="document",
        is_public=False,
        title="Term sheet",
    )
    listing_url = f"/achievements/{listing.pk}/"

    # The TTO puts its NDA in force.
    officer = log_in(browser, live_server, tto_a)
    officer.get_by_role("link", name="Funnel", exact=True).click()
    officer.get_by_role("link", name="Your institution's NDA").click()
    officer.get_by_label("Title").fill("Mutual NDA for evaluation documents")
    officer.get_by_label("Text of the agreement").fill(
        "The recipient keeps the documents confidential for five years."
    )
    officer.get_by_role("button", name="Publish").click()
    officer.wait_for_selector('[data-testid="nda-current"]')

    # The enterprise member asks a question on behalf of the company.
    member = log_in(browser, live_server, enterprise_member)
    member.goto(listing_url)
    assert member.get_by_text("Term sheet").count() == 0  # confidential: not shown yet
    member.get_by_role("link", name="Ask a question").click()
    member.get_by_label("Subject").fill("Licence for East China")
    member.get_by_label("Your question").fill("Is a licence limited to East China possible?")
    member.get_by_label("On behalf of").select_option(label=str(enterprise))
    member.get_by_role("button", name="Send the question").click()
    member.wait_for_url(re.compile(r".*/deals/inquiries/\d+/$"))
    expect_text(member, '[data-testid="inquiry-status"]', "Waiting for the TTO")
    thread_url = member.url

    # The TTO answers from its inbox.
    officer.get_by_role("link", name="Inquiries").first.click()
    officer.get_by_role("link", name="Licence for East China").click()
    officer.get_by_label("Your message").fill("Yes: Zhejiang, Jiangsu and Shanghai.")
    officer.get_by_role("button", name="Send").click()
    expect_text(officer, '[data-testid="inquiry-status"]', "Answered")

    member.goto(thread_url)
    assert member.get_by_text("Yes: Zhejiang, Jiangsu and Shanghai.").is_visible()

    # The member asks for the documents and accepts the NDA.
    member.goto(listing_url)
    member.get_by_role("link", name="Request documents").click()
    member.get_by_label("What do you need the documents for?").fill(
        "Evaluating a licence for our separator line."
    )
    member.get_by_role("button", name="Send the request").click()
    member.wait_for_url(re.compile(r".*/deals/documents/\d+/nda/$"))
    assert member.get_by_text("confidential for five years").is_visible()
    member.get_by_label("Your full name, as a signature").fill("Chen Jing")
    member.get_by_label(re.compile("I have read this agreement")).check()
    member.get_by_role("button", name="Accept the NDA").click()
    member.wait_for_url(re.compile(r".*/deals/documents/\d+/$"))
    expect_text(member, '[data-testid="access-status"]', "Waiting for a decision")
    assert NdaAcceptance.objects.get().signed_name == "Chen Jing"

    # The TTO approves.
    officer.goto("/deals/documents/")
    officer.get_by_role("link", name="Composite separator for safer batteries").click()
    assert officer.get_by_text("accepted by Chen Jing").is_visible()
    officer.get_by_role("button", name="Approve").click()
    expect_text(officer, '[data-testid="access-status"]', "Approved")

    # The member downloads the confidential file.
    member.goto(listing_url)
    link = member.get_by_role("link", name="Term sheet")
    download = member.request.get(link.get_attribute("href"))
    assert download.status == 200
    assert download.body().startswith(b"%PDF")

    # The TTO records the licence and reads the funnel.
    officer.goto(listing_url)
    officer.get_by_role("link", name="Record an outcome").click()
    officer.get_by_label("Kind of deal").select_option(label="Non-exclusive licence")
    officer.get_by_label("Counterparty (name)").fill("Enterprise C")
    officer.get_by_label("Signed on").fill("2026-01-15")
    officer.get_by_label("Value").fill("1200000")
    officer.get_by_label("Show on the listing").check()
    officer.get_by_role("button", name="Record the outcome").click()
    officer.wait_for_selector("text=The outcome was recorded.")
    assert officer.locator('[data-testid="outcome-list"] tbody tr').count() == 1

    officer.get_by_role("link", name="Funnel", exact=True).click()
    officer.get_by_role("link", name="Last 365 days").click()
    totals = officer.locator('[data-testid="funnel-totals"]')
    assert int(totals.locator('[data-stage="views"]').inner_text()) >= 1
    for stage in ("inquiries", "access_requested", "ndas_accepted", "access_approved", "outcomes"):
        assert totals.locator(f'[data-stage="{stage}"]').inner_text() == "1", stage

    # A visitor sees that the listing was licensed, and nothing of the deal.
    page.goto(listing_url)
    badge = page.locator('[data-testid="outcome-badge"]')
    assert "Licensed" in badge.inner_text()
    assert page.get_by_text("Enterprise C").count() == 0
