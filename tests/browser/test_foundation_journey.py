"""Journey: home → switch to 简体中文 → log in as a demo user → see the dashboard."""

import pytest

from accounts.tests.factories import TEST_PASSWORD
from achievements.tests.factories import AchievementFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_switches_to_chinese_logs_in_and_sees_the_dashboard(page, tto_a, university_a):
    AchievementFactory.create(
        institution=university_a, title_zh="固态电池隔膜", title_en="Solid separator"
    )

    page.goto("/")
    assert page.locator("h1").inner_text() == "Research results, ready to transfer"
    assert page.locator('[data-count="achievements"]').inner_text() == "1"

    page.get_by_role("button", name="简体中文").click()
    page.wait_for_selector('html[lang="zh-hans"]')
    assert page.locator("h1").inner_text() == "科研成果，等你转化"
    assert page.get_by_role("link", name="固态电池隔膜").is_visible()

    page.get_by_role("link", name="登录").click()
    page.get_by_label("电子邮箱").fill(tto_a.email)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()

    page.wait_for_url("**/dashboard/")
    assert "欢迎" in page.locator("h1").inner_text()
    assert page.get_by_text("University A").or_(page.get_by_text("甲大学")).first.is_visible()


def test_a_wrong_password_shows_a_clear_message(page, tto_a):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(tto_a.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_role("alert").is_visible()
    assert "/accounts/login/" in page.url
