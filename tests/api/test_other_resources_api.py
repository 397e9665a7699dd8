"""Needs, experts, organisations, fields and me: visibility, nesting and query counts."""

import pytest

from achievements.tests.factories import AchievementFactory
from experts.models import Expert
from experts.tests.factories import ExpertFactory
from needs.tests.factories import NeedFactory
from portal.models import Field

pytestmark = pytest.mark.django_db


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_needs_visitors_see_published_ones_members_also_their_drafts(
    api_client, api_client_for, enterprise, enterprise_member, tto_a, django_assert_max_num_queries
):
    published = NeedFactory.create(organization=enterprise)
    published.fields.set(Field.objects.filter(code="2.5"))
    draft = NeedFactory.create(organization=enterprise, status="draft", published_at=None)
    with django_assert_max_num_queries(2):
        assert ids(api_client.get("/api/v1/needs/")) == {published.pk}
    assert ids(api_client_for(enterprise_member).get("/api/v1/needs/")) == {published.pk, draft.pk}
    assert ids(api_client_for(tto_a).get("/api/v1/needs/")) == {published.pk}
    body = api_client.get(f"/api/v1/needs/{published.pk}/").json()
    assert body["organization"]["slug"] == "enterprise-c"
    assert [field["code"] for field in body["fields"]] == ["2.5"]


def test_experts_registered_only_profiles_need_a_signed_in_caller(
    api_client, api_client_for, enterprise_member, django_assert_max_num_queries
):
    public = ExpertFactory.create(visibility=Expert.Visibility.PUBLIC)
    registered = ExpertFactory.create(visibility=Expert.Visibility.REGISTERED)
    with django_assert_max_num_queries(2):
        assert ids(api_client.get("/api/v1/experts/")) == {public.pk}
    assert api_client.get(f"/api/v1/experts/{registered.pk}/").status_code == 404
    everyone = ids(api_client_for(enterprise_member).get("/api/v1/experts/"))
    assert {public.pk, registered.pk} <= everyone


def test_an_expert_profile_never_shows_the_account_behind_it(api_client, expert_user):
    body = api_client.get("/api/v1/experts/").json()["results"][0]
    assert "user" not in body
    assert expert_user.email not in str(body)


def test_organisations_list_verified_ones_and_those_with_published_listings(
    api_client, university_a, django_assert_max_num_queries
):
    from accounts.tests.factories import OrganizationFactory

    hidden = OrganizationFactory.create(verified=False)
    shown = OrganizationFactory.create(verified=False)
    AchievementFactory.create(institution=shown)
    with django_assert_max_num_queries(1):
        listed = ids(api_client.get("/api/v1/organizations/"))
    assert {university_a.pk, shown.pk} <= listed
    assert hidden.pk not in listed
    assert api_client.get(f"/api/v1/organizations/{hidden.pk}/").status_code == 404


def test_fields_form_a_tree_by_code(api_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        body = api_client.get("/api/v1/fields/?parent=2&page_size=100").json()
    assert [row["code"] for row in body["results"]][:2] == ["2.1", "2.2"]
    assert {row["parent"] for row in body["results"]} == {"2"}


def test_me_tells_the_caller_who_they_are(api_client_for, tto_a, university_a):
    body = api_client_for(tto_a).get("/api/v1/me/").json()
    assert body["email"] == tto_a.email
    assert body["memberships"] == [
        {
            "organization": {
                "id": university_a.pk,
                "slug": "university-a",
                "kind": "university",
                "name_zh": "甲大学",
                "name_en": "University A",
                "region": "zhejiang",
                "verified": True,
            },
            "role": "tto_officer",
            "status": "active",
        }
    ]
    assert body["expert_profile"] is None


def test_me_needs_authentication(api_client):
    response = api_client.get("/api/v1/me/")
    assert response.status_code in {401, 403}
    assert response.json()["code"] == "not_authenticated"
