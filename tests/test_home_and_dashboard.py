"""The home page shows real counts of what the visitor may see; the dashboard needs a login."""

import pytest
from django.urls import reverse

from achievements.models import Achievement
from achievements.tests.factories import AchievementFactory
from experts.models import Expert
from experts.tests.factories import ExpertFactory
from needs.models import Need
from needs.tests.factories import NeedFactory

pytestmark = pytest.mark.django_db


def count_on_page(response, name: str) -> int:
    html = response.content.decode()
    marker = f'data-count="{name}">'
    start = html.index(marker) + len(marker)
    return int(html[start : html.index("<", start)])


def test_home_counts_only_published_public_things(anonymous_client, university_a):
    AchievementFactory.create_batch(3, institution=university_a)
    AchievementFactory.create(institution=university_a, status=Achievement.Status.DRAFT)
    AchievementFactory.create(institution=university_a, status=Achievement.Status.SUBMITTED)
    NeedFactory.create_batch(2)
    NeedFactory.create(status=Need.Status.DRAFT)
    ExpertFactory.create()
    ExpertFactory.create(visibility=Expert.Visibility.REGISTERED)

    response = anonymous_client.get(reverse("home"))

    assert response.status_code == 200
    assert count_on_page(response, "achievements") == 3
    assert count_on_page(response, "needs") == 2
    assert count_on_page(response, "experts") == 1
    assert count_on_page(response, "institutions") == 1


def test_home_never_lists_a_draft_title(anonymous_client, university_a):
    AchievementFactory.create(
        institution=university_a, title_en="Secret draft listing", status=Achievement.Status.DRAFT
    )
    assert "Secret draft listing" not in anonymous_client.get("/").content.decode()


def test_dashboard_sends_anonymous_visitors_to_login(anonymous_client):
    response = anonymous_client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_dashboard_shows_the_officers_own_institution_listings(client_for, tto_a, university_b):
    AchievementFactory.create(
        institution=tto_a.memberships.get().organization,
        title_en="Mine draft",
        title_zh="",
        status=Achievement.Status.DRAFT,
    )
    AchievementFactory.create(institution=university_b, title_en="Theirs", title_zh="")

    html = client_for(tto_a).get(reverse("dashboard")).content.decode()

    assert "Mine draft" in html
    assert "Theirs" not in html


def test_a_draft_detail_page_is_404_for_outsiders_and_200_for_its_tto(
    client_for, tto_a, tto_b, university_a
):
    draft = AchievementFactory.create(institution=university_a, status=Achievement.Status.DRAFT)
    url = reverse("achievement-detail", args=[draft.pk])
    assert client_for(None).get(url).status_code == 404
    assert client_for(tto_b).get(url).status_code == 404
    assert client_for(tto_a).get(url).status_code == 200
