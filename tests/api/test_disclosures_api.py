"""/api/v1/disclosures/: only for the submitter, the inventors and (once submitted) the TTO."""

import pytest

from achievements.tests.factories import DisclosureFactory, DisclosureInventorFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/disclosures/"


@pytest.fixture
def disclosures(university_a, researcher_a):
    submitted = DisclosureFactory.create(institution=university_a, submitter=researcher_a)
    DisclosureInventorFactory.create(disclosure=submitted, user=researcher_a, name="Researcher A")
    draft = DisclosureFactory.create(
        institution=university_a, submitter=researcher_a, status="draft"
    )
    return submitted, draft


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_a_visitor_is_told_to_authenticate(api_client, disclosures):
    response = api_client.get(URL)
    assert response.status_code in {401, 403}
    assert response.json()["code"] == "not_authenticated"
    assert api_client.get(f"{URL}{disclosures[0].pk}/").status_code in {401, 403}


def test_the_submitter_sees_both_the_tto_only_the_submitted_one(
    api_client_for, disclosures, researcher_a, tto_a
):
    submitted, draft = disclosures
    assert ids(api_client_for(researcher_a).get(URL)) == {submitted.pk, draft.pk}
    assert ids(api_client_for(tto_a).get(URL)) == {submitted.pk}
    assert api_client_for(tto_a).get(f"{URL}{draft.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["tto_b", "enterprise_member", "expert_user", "moderator"])
def test_nobody_else_sees_any(api_client_for, disclosures, who, request):
    client = api_client_for(request.getfixturevalue(who))
    assert ids(client.get(URL)) == set()
    assert client.get(f"{URL}{disclosures[0].pk}/").status_code == 404


def test_the_detail_lists_inventors_and_prior_disclosures(
    api_client_for, disclosures, tto_a, django_assert_max_num_queries
):
    submitted, _draft = disclosures
    client = api_client_for(tto_a)
    # memberships of the caller, then the disclosure, its inventors, its prior disclosures
    with django_assert_max_num_queries(4):
        body = client.get(f"{URL}{submitted.pk}/").json()
    assert [inventor["name"] for inventor in body["inventors"]] == ["Researcher A"]
    assert body["prior_disclosures"] == []
