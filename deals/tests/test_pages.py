"""The deals pages: thin views over services and querysets, clear errors, no 500s."""

import pytest
from django.urls import reverse
from django.utils import timezone

from deals.models import AccessRequest, Inquiry, Nda, NdaAcceptance, Outcome
from deals.services import (
    access_request_approve,
    access_request_create,
    inquiry_create,
    nda_publish,
    outcome_record,
)
from deals.services.outcomes import OutcomeData

pytestmark = pytest.mark.django_db


def ask(user, listing, body="Is a regional licence possible?"):
    return inquiry_create(actor=user, achievement=listing, subject="Licence?", body=body)


def test_a_visitor_is_asked_to_log_in_on_the_listing(client_for, listing):
    html = client_for(None).get(reverse("achievement-detail", args=[listing.pk])).content.decode()
    assert "Log in to ask a question" in html
    assert reverse("inquiry-create", args=[listing.pk]) not in html


def test_an_enterprise_member_sees_ask_and_request_buttons(
    client_for, enterprise_member, listing, confidential_file
):
    html = (
        client_for(enterprise_member)
        .get(reverse("achievement-detail", args=[listing.pk]))
        .content.decode()
    )
    assert reverse("inquiry-create", args=[listing.pk]) in html
    assert reverse("access-request-create", args=[listing.pk]) in html
    assert "Term sheet" not in html  # the confidential file stays hidden


def test_no_document_button_without_confidential_documents(client_for, enterprise_member, listing):
    html = (
        client_for(enterprise_member)
        .get(reverse("achievement-detail", args=[listing.pk]))
        .content.decode()
    )
    assert reverse("access-request-create", args=[listing.pk]) not in html


def test_the_tto_sees_its_figures_on_the_listing_not_the_buttons(client_for, tto_a, listing):
    html = client_for(tto_a).get(reverse("achievement-detail", args=[listing.pk])).content.decode()
    assert 'data-testid="listing-figures"' in html
    assert reverse("inquiry-create", args=[listing.pk]) not in html


def test_other_readers_see_no_figures(client_for, tto_b, enterprise_member, moderator, listing):
    for reader in (None, tto_b, enterprise_member, moderator):
        html = (
            client_for(reader)
            .get(reverse("achievement-detail", args=[listing.pk]))
            .content.decode()
        )
        assert 'data-testid="listing-figures"' not in html


def test_asking_a_question_through_the_form(client_for, enterprise_member, enterprise, listing):
    client = client_for(enterprise_member)
    url = reverse("inquiry-create", args=[listing.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"subject": "Pilot line", "body": "Can we see a sample?", "organization": enterprise.pk},
    )
    inquiry = Inquiry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("inquiry-detail", args=[inquiry.pk])
    assert inquiry.organization == enterprise


def test_a_form_error_names_the_field(client_for, enterprise_member, listing):
    response = client_for(enterprise_member).post(
        reverse("inquiry-create", args=[listing.pk]), {"subject": "", "body": "x" * 6000}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Subject: This field is required." in html
    assert "Your question: Ensure this value has at most 5000 characters" in html
    assert not Inquiry.objects.exists()


def test_the_daily_limit_is_a_clear_message(client_for, enterprise_member, listing, settings):
    settings.DEALS_INQUIRY_DAILY_LIMIT = 1
    ask(enterprise_member, listing)
    response = client_for(enterprise_member).post(
        reverse("inquiry-create", args=[listing.pk]), {"subject": "Again", "body": "Hello"}
    )
    assert "the most allowed" in response.content.decode()
    assert Inquiry.objects.count() == 1


def test_message_text_is_escaped_in_the_thread(client_for, enterprise_member, tto_a, listing):
    inquiry = ask(enterprise_member, listing, body="<script>alert('x')</script>\nsecond line")
    html = client_for(tto_a).get(reverse("inquiry-detail", args=[inquiry.pk])).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;<br>second line" in html


def test_the_tto_replies_and_closes_through_the_pages(
    client_for, enterprise_member, tto_a, listing
):
    inquiry = ask(enterprise_member, listing)
    client = client_for(tto_a)
    client.post(reverse("inquiry-reply", args=[inquiry.pk]), {"body": "Yes, gladly."})
    inquiry.refresh_from_db()
    assert inquiry.status == "answered"
    client.post(reverse("inquiry-close", args=[inquiry.pk]))
    inquiry.refresh_from_db()
    assert inquiry.status == "closed"
    response = client.post(reverse("inquiry-reply", args=[inquiry.pk]), {"body": ""}, follow=True)
    assert "This field is required." in response.content.decode()


def test_the_inbox_shows_both_sides_and_filters(client_for, enterprise_member, tto_a, listing):
    inquiry = ask(enterprise_member, listing)
    for user in (enterprise_member, tto_a):
        html = client_for(user).get(reverse("inquiry-list")).content.decode()
        assert f'data-inquiry="{inquiry.pk}"' in html
    sent = client_for(tto_a).get(reverse("inquiry-list") + "?side=sent").content.decode()
    assert f'data-inquiry="{inquiry.pk}"' not in sent
    bad = client_for(tto_a).get(reverse("inquiry-list") + "?status=lost")
    assert bad.status_code == 400


def test_requesting_documents_with_an_nda_leads_to_the_nda_page(
    client_for, enterprise_member, tto_a, university_a, listing, confidential_file
):
    nda = nda_publish(
        actor=tto_a, institution=university_a, title="NDA", text="Keep it <b>secret</b>."
    )
    client = client_for(enterprise_member)
    form = client.get(reverse("access-request-create", args=[listing.pk]))
    assert "version 1" in form.content.decode()
    response = client.post(
        reverse("access-request-create", args=[listing.pk]), {"purpose": "Evaluation"}
    )
    request = AccessRequest.objects.get()
    assert response["Location"] == reverse("access-request-nda", args=[request.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Keep it &lt;b&gt;secret&lt;/b&gt;." in page
    refused = client.post(response["Location"], {"version": nda.version, "signed_name": "Chen"})
    assert "This field is required." in refused.content.decode()  # the box is not ticked
    client.post(
        response["Location"],
        {"version": nda.version, "signed_name": "Chen Jing", "agree": "on"},
        REMOTE_ADDR="203.0.113.9",
        HTTP_USER_AGENT="Firefox/128",
    )
    acceptance = NdaAcceptance.objects.get()
    assert (acceptance.ip_address, acceptance.user_agent) == ("203.0.113.9", "Firefox/128")


def test_the_tto_approves_with_an_expiry_and_declines_with_a_reason(
    client_for, enterprise_member, expert_user, tto_a, listing
):
    first = access_request_create(actor=enterprise_member, achievement=listing, purpose="A")
    second = access_request_create(actor=expert_user, achievement=listing, purpose="B")
    client = client_for(tto_a)
    detail = client.get(reverse("access-request-detail", args=[first.pk])).content.decode()
    assert "Approve" in detail
    assert enterprise_member.email in detail
    client.post(
        reverse("access-request-action", args=[first.pk, "approve"]), {"expires_on": "2999-12-31"}
    )
    first.refresh_from_db()
    assert first.status == "approved"
    end = timezone.localtime(first.expires_at)  # the end of 31 December 2999, local time
    assert (end.year, end.month, end.day, end.hour) == (3000, 1, 1, 0)
    response = client.post(
        reverse("access-request-action", args=[second.pk, "decline"]), {"reason": ""}, follow=True
    )
    assert "This field is required." in response.content.decode()
    client.post(reverse("access-request-action", args=[second.pk, "decline"]), {"reason": "No."})
    second.refresh_from_db()
    assert second.status == "declined"
    assert (
        client.post(reverse("access-request-action", args=[second.pk, "explode"])).status_code
        == 404
    )


def test_the_requester_sees_the_decision_but_not_the_ttos_history(
    client_for, enterprise_member, tto_a, listing
):
    request = access_request_create(actor=enterprise_member, achievement=listing, purpose="A")
    access_request_approve(actor=tto_a, access_request=request)
    html = (
        client_for(enterprise_member)
        .get(reverse("access-request-detail", args=[request.pk]))
        .content.decode()
    )
    assert "Open the documents" in html
    assert ">History<" not in html


def test_the_queue_lists_requests_for_the_tto(client_for, enterprise_member, tto_a, tto_b, listing):
    request = access_request_create(actor=enterprise_member, achievement=listing, purpose="A")
    assert (
        f'data-access-request="{request.pk}"'
        in client_for(tto_a).get(reverse("access-request-list")).content.decode()
    )
    assert (
        f'data-access-request="{request.pk}"'
        not in client_for(tto_b).get(reverse("access-request-list")).content.decode()
    )


def test_the_tto_publishes_and_retires_its_nda(client_for, tto_a, enterprise_member, university_a):
    client = client_for(tto_a)
    assert client.get(reverse("nda-manage")).status_code == 200
    response = client.post(
        reverse("nda-manage"), {"institution": university_a.pk, "title": "", "text": ""}
    )
    assert "Title: This field is required." in response.content.decode()
    client.post(
        reverse("nda-manage"),
        {"institution": university_a.pk, "title": "NDA", "text": "Five years."},
    )
    assert Nda.objects.get().is_current
    client.post(reverse("nda-manage"), {"institution": university_a.pk, "retire": "1"})
    assert not Nda.objects.get().is_current
    assert client_for(enterprise_member).get(reverse("nda-manage")).status_code == 403


def test_the_tto_records_an_outcome_through_the_page(client_for, tto_a, listing, enterprise):
    client = client_for(tto_a)
    url = reverse("outcome-list", args=[listing.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "exclusive-licence",
            "counterparty_organization": enterprise.pk,
            "signed_on": "2026-01-15",
            "value": "800000",
            "currency": "CNY",
            "show_on_listing": "on",
        },
    )
    assert response.status_code == 302
    outcome = Outcome.objects.get()
    assert outcome.counterparty_organization == enterprise
    missing = client.post(url, {"kind": "assignment", "signed_on": "2026-01-15", "currency": "CNY"})
    assert "counterparty" in missing.content.decode().lower()
    assert Outcome.objects.count() == 1
    edit = reverse("outcome-edit", args=[outcome.pk])
    assert client.get(edit).status_code == 200
    client.post(reverse("outcome-withdraw", args=[outcome.pk]), {"reason": "Fell through"})
    outcome.refresh_from_db()
    assert outcome.status == "withdrawn"


def test_outcome_pages_are_the_ttos_only(client_for, tto_a, tto_b, enterprise_member, listing):
    outcome = outcome_record(
        actor=tto_a,
        achievement=listing,
        data=OutcomeData(
            kind="assignment", signed_on=listing.published_at.date(), counterparty_name="X"
        ),
    )
    for other in (tto_b, enterprise_member):
        assert client_for(other).get(reverse("outcome-list", args=[listing.pk])).status_code == 403
        assert client_for(other).get(reverse("outcome-edit", args=[outcome.pk])).status_code == 404


def test_an_nda_changed_meanwhile_is_shown_again_not_accepted(
    client_for, enterprise_member, tto_a, university_a, listing
):
    first = nda_publish(actor=tto_a, institution=university_a, title="NDA", text="Version one.")
    request = access_request_create(actor=enterprise_member, achievement=listing, purpose="A")
    nda_publish(actor=tto_a, institution=university_a, title="NDA", text="Version two.")
    url = reverse("access-request-nda", args=[request.pk])
    response = client_for(enterprise_member).post(
        url, {"version": first.version, "signed_name": "Chen Jing", "agree": "on"}, follow=True
    )
    html = response.content.decode()
    assert "The NDA has changed since you opened it." in html
    assert "Version two." in html
    assert not NdaAcceptance.objects.exists()
