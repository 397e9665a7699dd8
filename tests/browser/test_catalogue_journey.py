"""Journey: header nav → achievements list → filter in the sidebar → next page → 简体中文."""

import pytest

from achievements.tests.factories import AchievementFactory
from experts.tests.factories import ExpertFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_filters_the_achievements_and_pages_through_them(page, university_a):
    for n in range(23):
        AchievementFactory.create(institution=university_a, trl=7, title_en=f"Mature {n}")
    AchievementFactory.create(institution=university_a, trl=2, title_en="Early idea")

    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Achievements").click()
    page.wait_for_url("**/achievements/")
    assert page.locator("h1").inner_text() == "Achievements"
    assert page.locator("article.card").count() == 20

    page.get_by_label("TRL from").fill("6")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/achievements/?*trl_min=6*")
    assert page.locator("article.card").count() == 20
    assert page.get_by_text("Early idea").count() == 0

    page.get_by_role("link", name="Next ›").click()
    page.wait_for_url("**cursor=*")
    assert "trl_min=6" in page.url
    assert page.locator("article.card").count() == 3
    assert page.get_by_label("TRL from").input_value() == "6"  # the form keeps the state

    page.get_by_role("button", name="简体中文").click()
    page.wait_for_selector('html[lang="zh-hans"]')
    assert page.locator("h1").inner_text() == "科技成果"
    assert page.get_by_role("button", name="应用筛选").is_visible()


def test_a_visitor_goes_from_an_expert_to_their_organisation(page, university_a):
    ExpertFactory.create(name_en="Dr Wang", organization=university_a, bio="Membranes.")
    page.goto("/experts/")
    page.get_by_role("link", name="Dr Wang").click()
    assert page.get_by_text("Membranes.").is_visible()
    page.get_by_role("link", name="University A").click()
    assert page.locator("h1").inner_text().startswith("University A")
    assert page.get_by_role("link", name="Dr Wang").is_visible()
