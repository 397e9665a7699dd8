"""The deals endpoints: inquiries, document requests, the funnel — through the API's rules."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from achievements.services import achievement_file_add
from achievements.tests.factories import AchievementFactory
from deals.models import AccessRequest, Inquiry, ListingViewDay, NdaAcceptance
from deals.services import access_request_create, inquiry_create, nda_publish

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture
def listing(university_a):
    return AchievementFactory.create(institution=university_a, title_en="Safer separator")


def ask(user, listing):
    return inquiry_create(actor=user, achievement=listing, subject="Licence?", body="Regional?")


def test_an_enterprise_member_asks_a_question(
    api_client_for, enterprise_member, enterprise, listing
):
    response = api_client_for(enterprise_member).post(
        "/api/v1/inquiries/",
        {
            "achievement": listing.pk,
            "subject": "Pilot line",
            "message": "Can we get a sample?",
            "organization": enterprise.slug,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "open"
    assert body["your_side"] == "requester"
    assert body["organization"]["slug"] == enterprise.slug
    assert [m["body"] for m in body["messages"]] == ["Can we get a sample?"]


def test_bad_input_names_the_field(api_client_for, enterprise_member, listing, university_b):
    client = api_client_for(enterprise_member)
    cases = [
        ({"achievement": listing.pk, "subject": "", "message": "x"}, "subject"),
        ({"achievement": listing.pk, "subject": "s", "message": "x" * 5001}, "message"),
        ({"achievement": listing.pk, "subject": "s", "message": " \n "}, "message"),
        ({"achievement": listing.pk, "subject": "s", "message": "a\x00b"}, "message"),
        ({"achievement": 987654, "subject": "s", "message": "m"}, "achievement"),
        (
            {"achievement": listing.pk, "subject": "s", "message": "m", "organization": "nope"},
            "organization",
        ),
        (
            {
                "achievement": listing.pk,
                "subject": "s",
                "message": "m",
                "organization": university_b.slug,
            },
            "organization",
        ),
    ]
    for data, field in cases:
        response = client.post("/api/v1/inquiries/", data, format="json")
        assert response.status_code == 400, (data, response.json())
        assert field in response.json()["errors"], (data, response.json())
    assert not Inquiry.objects.exists()


def test_a_draft_listing_is_not_named_to_an_outsider(
    api_client_for, enterprise_member, university_a
):
    draft = AchievementFactory.create(institution=university_a, status="draft", published_at=None)
    response = api_client_for(enterprise_member).post(
        "/api/v1/inquiries/",
        {"achievement": draft.pk, "subject": "s", "message": "m"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["achievement"] == ["There is no listing with this id."]


def test_the_daily_limit_is_a_429_with_retry_after(
    api_client_for, enterprise_member, listing, settings
):
    settings.DEALS_INQUIRY_DAILY_LIMIT = 1
    client = api_client_for(enterprise_member)
    data = {"achievement": listing.pk, "subject": "s", "message": "m"}
    assert client.post("/api/v1/inquiries/", data, format="json").status_code == 201
    response = client.post("/api/v1/inquiries/", data, format="json")
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


def test_the_thread_goes_back_and_forth(api_client_for, enterprise_member, tto_a, listing):
    inquiry = ask(enterprise_member, listing)
    tto = api_client_for(tto_a)
    listed = tto.get("/api/v1/inquiries/?side=received").json()["results"]
    assert [row["id"] for row in listed] == [inquiry.pk]
    assert listed[0]["your_side"] == "institution"
    reply = tto.post(
        f"/api/v1/inquiries/{inquiry.pk}/messages/", {"message": "Yes."}, format="json"
    )
    assert reply.status_code == 201
    assert reply.json()["side"] == "institution"
    closed = api_client_for(enterprise_member).post(f"/api/v1/inquiries/{inquiry.pk}/close/")
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"
    again = tto.post(f"/api/v1/inquiries/{inquiry.pk}/close/")
    assert again.status_code == 200  # closed already: a repeat changes nothing, as elsewhere
    assert again.json()["status"] == "closed"
    reopened = tto.post(
        f"/api/v1/inquiries/{inquiry.pk}/messages/", {"message": "PS"}, format="json"
    )
    assert reopened.status_code == 201
    assert tto.get(f"/api/v1/inquiries/{inquiry.pk}/").json()["status"] == "answered"


def test_outsiders_get_404_and_anonymous_401(
    api_client_for, api_client, enterprise_member, tto_b, moderator, listing
):
    inquiry = ask(enterprise_member, listing)
    for outsider in (tto_b, moderator):
        client = api_client_for(outsider)
        assert client.get(f"/api/v1/inquiries/{inquiry.pk}/").status_code == 404
        assert client.get("/api/v1/inquiries/").json()["results"] == []
        posted = client.post(
            f"/api/v1/inquiries/{inquiry.pk}/messages/", {"message": "hi"}, format="json"
        )
        assert posted.status_code == 404
    assert api_client.get("/api/v1/inquiries/").status_code == 401
    assert api_client.get(f"/api/v1/inquiries/{inquiry.pk}/").status_code == 401
    assert Inquiry.objects.get().messages.count() == 1


def test_a_huge_id_is_a_404(api_client_for, tto_a):
    client = api_client_for(tto_a)
    assert client.get(f"/api/v1/inquiries/{2**70}/").status_code == 404
    assert client.get(f"/api/v1/funnel/listings/{2**70}/").status_code == 404


def test_documents_are_requested_accepted_approved_and_opened(
    api_client_for, client_for, enterprise_member, tto_a, university_a, listing
):
    record = achievement_file_add(
        actor=tto_a,
        achievement=listing,
        upload=SimpleUploadedFile("specs.pdf", PDF),
        kind="document",
        is_public=False,
    )
    nda_publish(actor=tto_a, institution=university_a, title="NDA", text="Confidential.")
    member, tto = api_client_for(enterprise_member), api_client_for(tto_a)
    created = member.post(
        "/api/v1/access-requests/", {"achievement": listing.pk, "purpose": "Eval"}, format="json"
    )
    assert created.status_code == 201, created.json()
    request = created.json()
    assert request["nda"] == {"in_force": True, "version": 1, "title": "NDA", "accepted": False}
    pk = request["id"]
    early = tto.post(f"/api/v1/access-requests/{pk}/approve/", {}, format="json")
    assert early.status_code == 409  # the TTO's to decide, but not before the NDA
    assert early.json()["code"] == "transition_not_allowed"
    assert "NDA" in early.json()["message"]
    nda = member.get(f"/api/v1/access-requests/{pk}/nda/").json()
    assert nda["version"] == 1
    assert len(nda["sha256"]) == 64
    refused = member.post(
        f"/api/v1/access-requests/{pk}/accept-nda/",
        {"version": 1, "signed_name": "Chen Jing", "agree": False},
        format="json",
    )
    assert refused.status_code == 400
    assert "agree" in refused.json()["errors"]
    accepted = member.post(
        f"/api/v1/access-requests/{pk}/accept-nda/",
        {"version": 1, "signed_name": "Chen Jing", "agree": True},
        format="json",
        HTTP_USER_AGENT="keqiao-client/1.0",
    )
    assert accepted.status_code == 200
    assert accepted.json()["nda"]["accepted"] is True
    assert NdaAcceptance.objects.get().user_agent == "keqiao-client/1.0"
    approved = tto.post(
        f"/api/v1/access-requests/{pk}/approve/", {"expires_on": "2999-01-31"}, format="json"
    )
    assert approved.status_code == 200
    assert approved.json()["documents_open"] is True
    served = client_for(enterprise_member).get(f"/achievements/{listing.pk}/files/{record.pk}/")
    assert served.status_code == 200
    revoked = tto.post(f"/api/v1/access-requests/{pk}/revoke/", {"reason": "Over."}, format="json")
    assert revoked.json()["documents_open"] is False
    gone = client_for(enterprise_member).get(f"/achievements/{listing.pk}/files/{record.pk}/")
    assert gone.status_code == 404


def test_decisions_need_the_tto_and_valid_input(
    api_client_for, enterprise_member, tto_a, tto_b, listing
):
    request = access_request_create(actor=enterprise_member, achievement=listing, purpose="E")
    url = f"/api/v1/access-requests/{request.pk}"
    member = api_client_for(enterprise_member)
    assert member.post(f"{url}/approve/", {}, format="json").status_code == 403
    assert api_client_for(tto_b).post(f"{url}/approve/", {}, format="json").status_code == 404
    tto = api_client_for(tto_a)
    assert tto.post(f"{url}/decline/", {"reason": ""}, format="json").status_code == 400
    past = tto.post(f"{url}/approve/", {"expires_on": "2001-01-01"}, format="json")
    assert past.status_code == 400
    assert "expires_on" in past.json()["errors"]
    assert member.post(f"{url}/withdraw/").json()["status"] == "withdrawn"
    assert AccessRequest.objects.get().status == "withdrawn"


def test_the_funnel_is_the_ttos_only(
    api_client_for, api_client, tto_a, tto_b, enterprise_member, moderator, university_a, listing
):
    ListingViewDay.objects.create(achievement=listing, day=timezone.localdate(), views=9)
    ask(enterprise_member, listing)
    tto = api_client_for(tto_a)
    overview = tto.get(f"/api/v1/funnel/institutions/{university_a.pk}/?days=90")
    assert overview.status_code == 200
    assert overview.json()["totals"] == {
        "views": 9,
        "inquiries": 1,
        "access_requested": 0,
        "ndas_accepted": 0,
        "access_approved": 0,
        "outcomes": 0,
    }
    one = tto.get(f"/api/v1/funnel/listings/{listing.pk}/").json()
    assert len(one["daily_views"]) == 30
    assert tto.get(f"/api/v1/funnel/listings/{listing.pk}/?days=7").status_code == 400
    for outsider in (tto_b, enterprise_member, moderator):
        client = api_client_for(outsider)
        assert client.get(f"/api/v1/funnel/institutions/{university_a.pk}/").status_code == 403
        assert client.get(f"/api/v1/funnel/listings/{listing.pk}/").status_code == 403
    assert api_client.get(f"/api/v1/funnel/listings/{listing.pk}/").status_code == 401


def test_lists_cost_a_fixed_number_of_queries(
    api_client_for, enterprise_member, tto_a, university_a, django_assert_max_num_queries
):
    for listing in AchievementFactory.create_batch(6, institution=university_a):
        ask(enterprise_member, listing)
        access_request_create(actor=enterprise_member, achievement=listing, purpose="E")
    client = api_client_for(tto_a)
    with django_assert_max_num_queries(4):
        assert len(client.get("/api/v1/access-requests/").json()["results"]) == 6
    with django_assert_max_num_queries(4):
        assert len(client.get("/api/v1/inquiries/").json()["results"]) == 6
