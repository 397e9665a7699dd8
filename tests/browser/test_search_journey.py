"""Journey: header → search in Traditional Chinese → narrow by a facet → sort → no results help."""

import pytest

from achievements.tests.factories import AchievementFactory
from portal.search import index_objects

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_searches_narrows_by_facet_and_sorts(page, university_a, university_b):
    made = [
        AchievementFactory.create(
            institution=university_a,
            title_zh="固态锂电池隔膜",
            title_en="Solid-state separator",
            trl=6,
        ),
        AchievementFactory.create(
            institution=university_b, title_zh="锂电池回收工艺", title_en="Battery recycling", trl=3
        ),
        AchievementFactory.create(
            institution=university_b, title_zh="光伏清洁机器人", title_en="Solar panel robot", trl=7
        ),
    ]
    index_objects(type(made[0]), [a.pk for a in made])

    page.goto("/")
    page.get_by_role("link", name="Search").first.click()
    page.get_by_label("Search terms").fill("鋰電池")
    page.get_by_role("button", name="Search").click()

    assert page.locator("[data-total]").inner_text() == "2 results"
    assert page.locator("article.hit mark").first.inner_text() == "锂电池"

    page.locator('[data-facet="institution"]').get_by_role("link", name="University A").click()
    assert page.locator("[data-total]").inner_text() == "1 result"
    assert "institution=" in page.url
    assert page.locator("article.hit h3").inner_text().startswith("固态锂电池隔膜")

    page.get_by_role("link", name="University A").first.click()  # the chosen filter's ✕
    page.get_by_role("link", name="TRL", exact=True).click()
    assert "sort=trl" in page.url
    titles = page.locator("article.hit h3").all_inner_texts()
    assert titles[0].startswith("固态锂电池隔膜")
    assert titles[1].startswith("锂电池回收工艺")

    page.get_by_label("Search terms").fill("qqqzzzz")
    page.get_by_role("button", name="Search").click()
    assert page.get_by_role("heading", name="Nothing found").is_visible()
