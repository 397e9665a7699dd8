"""Journey: matches for people.

An enterprise member opens "My matches" from the navigation, reads why a listing was matched
with their need, and dismisses another one as "too early" (plain forms, no script needed) →
it leaves their list → the listing's TTO officer sees, on the listing's page and on their own
"My matches", that an enterprise dismissed it as too early — a count, not who.
"""

import pytest

from accounts.tests.factories import TEST_PASSWORD
from achievements.tests.factories import AchievementFactory
from matching.matches.models import MatchFeedback
from matching.tests import matches_world
from matching.tests.factories import MatchFactory

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(browser, live_server, user, *, javascript: bool = True):
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", java_script_enabled=javascript
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard/")
    return page


def test_a_member_reads_the_why_and_dismisses_a_match_and_the_tto_sees_the_reason(
    browser, live_server, enterprise_member, enterprise, tto_a, university_a
):
    world = matches_world.build(enterprise, university_a, tto_a)
    early = AchievementFactory.create(
        institution=university_a, title_en="Lab-scale solid electrolyte", trl=2
    )
    early_match = MatchFactory.create(
        need=world.need, achievement=early, parts={"text": 0.35, "trl": 0.05}
    )

    # The member opens My matches (without JavaScript: the forms must work as plain HTML).
    member = log_in(browser, live_server, enterprise_member, javascript=False)
    member.get_by_role("navigation", name="Main").get_by_role("link", name="My matches").click()
    member.wait_for_url("**/matches/")
    best = member.locator(f'[data-match="{world.need_listing.pk}"]')
    why = best.get_by_test_id("match-why")
    assert "Shared field: Materials engineering" in why.inner_text()
    assert "TRL 6 within the range sought, 5–7" in why.inner_text()
    assert "Transfer mode: Exclusive licence" in why.inner_text()
    assert best.locator("progress").count() == 5

    # …and dismisses the lab-scale listing: too early for them.
    card = member.locator(f'[data-match="{early_match.pk}"]')
    card.get_by_label("Dismiss because").select_option("too-early")
    card.get_by_role("button", name="Dismiss").click()
    member.wait_for_selector("text=Match dismissed.")
    assert member.locator(f'[data-match="{early_match.pk}"]').count() == 0
    assert member.locator(f'[data-match="{world.need_listing.pk}"]').count() == 1
    feedback = MatchFeedback.objects.get()
    assert (feedback.user, feedback.verdict, feedback.reason) == (
        enterprise_member,
        "dismissed",
        "too-early",
    )
    # The dismissed one is still there for whoever asks for it.
    member.get_by_label("Dismissed matches").select_option("true")
    member.get_by_role("button", name="Apply filters").click()
    member.wait_for_selector(f'[data-match="{early_match.pk}"]')
    assert "Dismissed: Too early" in member.locator(f'[data-match="{early_match.pk}"]').inner_text()

    # The TTO officer sees the count on the listing's page and on their My matches.
    officer = log_in(browser, live_server, tto_a)
    officer.goto(f"/achievements/{early.pk}/")
    panel = officer.get_by_test_id("matches-panel")
    assert panel.get_by_test_id("dismissal-count-too-early").inner_text() == "1"
    assert panel.get_by_test_id("dismissal-count-not-relevant").inner_text() == "0"
    assert enterprise_member.email not in panel.inner_text()
    officer.get_by_role("navigation", name="Main").get_by_role("link", name="My matches").click()
    officer.wait_for_url("**/matches/")
    institution = officer.get_by_test_id("institution-dismissals")
    assert institution.get_by_test_id("dismissal-count-too-early").inner_text() == "1"
    assert "Lab-scale solid electrolyte" in institution.inner_text()
