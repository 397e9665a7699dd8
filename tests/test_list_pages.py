"""The HTML list pages: same FilterSets as the API, cursor links that keep the filters."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from achievements.tests.factories import AchievementFactory
from experts.models import Expert
from experts.tests.factories import ExpertFactory
from needs.tests.factories import NeedFactory

pytestmark = pytest.mark.django_db


def test_the_achievement_list_filters_and_pages_through_the_url(client, university_a):
    for n in range(25):
        AchievementFactory.create(institution=university_a, trl=7, title_en=f"Mature {n}")
    AchievementFactory.create(institution=university_a, trl=2, title_en="Early idea")

    response = client.get(reverse("achievement-list"), {"trl_min": 6})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="card"') == 20
    assert "Early idea" not in html
    next_link = response.context["next_url"]
    assert parse_qs(urlsplit(next_link).query)["trl_min"] == ["6"]

    second = client.get(next_link)
    assert second.content.decode().count('class="card"') == 5
    assert second.context["previous_url"]
    assert second.context["next_url"] is None


def test_a_visitor_sees_no_drafts_and_no_status_filter(client, university_a):
    AchievementFactory.create(institution=university_a, status="draft", title_en="Hidden draft")
    response = client.get(reverse("achievement-list"))
    assert "Hidden draft" not in response.content.decode()
    assert "status" not in response.context["form"].fields


def test_the_tto_sees_its_drafts_and_can_filter_by_status(client_for, tto_a, university_a):
    AchievementFactory.create(institution=university_a, status="draft", title_en="Our draft")
    response = client_for(tto_a).get(reverse("achievement-list"), {"status": "draft"})
    assert "Our draft" in response.content.decode()


def test_bad_filters_show_a_message_and_a_400(client):
    response = client.get(reverse("achievement-list"), {"trl_min": "eleven"})
    assert response.status_code == 400
    assert response.context["list_errors"]
    assert client.get(reverse("achievement-list"), {"cursor": "nonsense"}).status_code == 400


def test_the_needs_experts_and_organisations_pages_list_what_is_public(
    client, university_a, enterprise
):
    NeedFactory.create(organization=enterprise, title="Need for separators")
    ExpertFactory.create(name_en="Public Person", organization=university_a)
    ExpertFactory.create(name_en="Members Only", visibility=Expert.Visibility.REGISTERED)

    assert "Need for separators" in client.get(reverse("need-list")).content.decode()
    experts = client.get(reverse("expert-list"), {"organization": "university-a"})
    assert "Public Person" in experts.content.decode()
    assert "Members Only" not in client.get(reverse("expert-list")).content.decode()
    organizations = client.get(reverse("organization-list"), {"kind": "enterprise"})
    assert "Enterprise C" in organizations.content.decode()
    assert "University A" not in organizations.content.decode()


def test_expert_and_organisation_pages(client, university_a):
    expert = ExpertFactory.create(
        name_en="Dr Li", organization=university_a, bio="Works on batteries."
    )
    AchievementFactory.create(institution=university_a, title_en="A listing of A")
    page = client.get(reverse("expert-detail", args=[expert.pk])).content.decode()
    assert "Works on batteries." in page
    page = client.get(reverse("organization-detail", args=[university_a.pk])).content.decode()
    assert "A listing of A" in page
    assert "Dr Li" in page
    hidden = ExpertFactory.create(visibility=Expert.Visibility.REGISTERED)
    assert client.get(reverse("expert-detail", args=[hidden.pk])).status_code == 404


def test_the_header_links_to_the_lists_in_both_languages(client):
    html = client.get("/").content.decode()
    for name in ("achievement-list", "need-list", "expert-list", "organization-list"):
        assert f'href="{reverse(name)}"' in html
    chinese = client.get(reverse("expert-list"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "应用筛选" in chinese
    assert "专家" in chinese
