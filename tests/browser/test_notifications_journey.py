"""Journey: log in, see the unread count, read the inbox, choose a digest; unsubscribe by link."""

from urllib.parse import urlsplit

import pytest

from accounts.tests.factories import TEST_PASSWORD
from achievements.tests.factories import AchievementFactory
from matching.notifications.preferences import preferences_of
from matching.notifications.services import notify
from matching.notifications.targets import payload_for
from matching.notifications.unsubscribe import unsubscribe_url
from matching.notifications.vocabulary import Delivery, Kind

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard/")


def test_a_member_reads_notifications_and_chooses_a_weekly_digest(
    page, enterprise_member, university_a
):
    for title_en, title_zh in [("Solid separator", "固态隔膜"), ("Cold plasma", "冷等离子体")]:
        listing = AchievementFactory.create(
            institution=university_a, title_en=title_en, title_zh=title_zh
        )
        notify(
            recipient=enterprise_member,
            kind=Kind.MATCH,
            reason="match",
            target=listing,
            payload=payload_for(listing),
        )

    log_in(page, enterprise_member)
    assert page.locator(".unread-count").inner_text() == "2"

    page.get_by_role("link", name="Notifications").click()
    page.wait_for_url("**/notifications/")
    assert page.locator("li.notification.unread").count() == 2
    assert page.get_by_role("link", name="Cold plasma").is_visible()
    page.get_by_role("button", name="Mark all as read").click()
    page.wait_for_selector("text=All notifications are marked as read.")
    assert page.locator("li.notification.unread").count() == 0
    assert page.locator(".unread-count").count() == 0

    page.get_by_role("link", name="Notification settings").first.click()
    page.get_by_role("group", name="New matches").get_by_label("Weekly digest email").check()
    page.get_by_role("button", name="Save settings").click()
    page.wait_for_selector("text=Your notification settings are saved.")
    assert preferences_of(enterprise_member).by_kind[Kind.MATCH] == Delivery.WEEKLY

    page.get_by_role("button", name="简体中文").click()
    page.wait_for_selector('html[lang="zh-hans"]')
    assert page.locator("h1").inner_text() == "通知设置"
    assert page.get_by_role("group", name="新的匹配").get_by_label("每周摘要邮件").is_checked()


def test_an_unsubscribe_link_asks_then_stops_the_emails(page, enterprise_member):
    link = unsubscribe_url(user_id=enterprise_member.pk, kind=Kind.INQUIRY)
    page.goto(urlsplit(link).path)
    assert "Stop emails to member-c@example.org about: Inquiries and messages?" in page.inner_text(
        "main"
    )
    assert preferences_of(enterprise_member).by_kind[Kind.INQUIRY] == Delivery.INSTANT
    page.get_by_role("button", name="Unsubscribe").click()
    page.wait_for_selector("text=You are unsubscribed")
    assert preferences_of(enterprise_member).by_kind[Kind.INQUIRY] == Delivery.IN_APP
