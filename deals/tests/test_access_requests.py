"""Document requests and NDAs: every transition, who may make it, and what it opens."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from achievements.models import AchievementFile
from achievements.tests.factories import AchievementFactory
from deals.models import AccessRequest, Nda, NdaAcceptance
from deals.services import (
    DailyLimitReached,
    access_request_approve,
    access_request_create,
    access_request_decline,
    access_request_revoke,
    access_request_withdraw,
    nda_accept,
    nda_publish,
    nda_retire,
)
from matching.notifications.models import Notification
from moderation.workflow import TransitionNotAllowed
from portal.audit import history

pytestmark = pytest.mark.django_db

S = AccessRequest.Status


def ask(user, listing, **extra):
    return access_request_create(
        actor=user, achievement=listing, purpose="Evaluating a licence.", **extra
    )


def accept(user, request, nda, **extra):
    values = {"signed_name": "Chen Jing", "ip_address": "203.0.113.7", "user_agent": "Firefox"}
    return nda_accept(actor=user, access_request=request, nda=nda, **{**values, **extra})


def files_seen_by(user, listing):
    return set(AchievementFile.objects.visible_to(user).filter(achievement=listing))


def reasons(user):
    return set(Notification.objects.filter(recipient=user).values_list("reason", flat=True))


def test_without_an_nda_the_tto_approves_and_the_documents_open(
    enterprise_member, tto_a, listing, confidential_file
):
    request = ask(enterprise_member, listing)
    assert f"access-request:{request.pk}" in reasons(tto_a)
    assert confidential_file not in files_seen_by(enterprise_member, listing)
    access_request_approve(actor=tto_a, access_request=request)
    request.refresh_from_db()
    assert request.status == S.APPROVED
    assert request.decided_by == tto_a
    assert "access-approved" in reasons(enterprise_member)
    assert confidential_file in files_seen_by(enterprise_member, listing)
    assert [e.action for e in history(request)] == ["approve", "request_access"]


def test_the_approved_file_is_served_to_the_requester_only(
    client_for, enterprise_member, tto_a, tto_b, listing, confidential_file
):
    url = reverse("achievement-file", args=[listing.pk, confidential_file.pk])
    request = ask(enterprise_member, listing)
    assert client_for(enterprise_member).get(url).status_code == 404
    access_request_approve(actor=tto_a, access_request=request)
    served = client_for(enterprise_member).get(url)
    assert served.status_code == 200
    assert served["Cache-Control"] == "private, no-store"
    assert client_for(tto_b).get(url).status_code == 404
    page = client_for(enterprise_member).get(reverse("achievement-detail", args=[listing.pk]))
    assert "Term sheet" in page.content.decode()


def test_with_an_nda_approval_waits_for_the_acceptance(
    enterprise_member, enterprise, tto_a, university_a, listing, confidential_file
):
    nda = nda_publish(actor=tto_a, institution=university_a, title="NDA", text="Keep it secret.")
    request = ask(enterprise_member, listing, organization=enterprise)
    with pytest.raises(TransitionNotAllowed, match="accept the NDA"):
        access_request_approve(actor=tto_a, access_request=request)
    acceptance = accept(enterprise_member, request, nda)
    assert acceptance.nda == nda
    assert acceptance.user == enterprise_member
    assert acceptance.email == enterprise_member.email
    assert acceptance.organization_name == str(enterprise)
    assert acceptance.ip_address == "203.0.113.7"
    assert acceptance.text_sha256 == nda.text_sha256
    assert f"access-nda:{acceptance.pk}" in reasons(tto_a)
    assert accept(enterprise_member, request, nda) == acceptance  # again: the same record
    access_request_approve(actor=tto_a, access_request=request)
    assert confidential_file in files_seen_by(enterprise_member, listing)


def test_a_new_nda_version_must_be_accepted_again(enterprise_member, tto_a, university_a, listing):
    first = nda_publish(actor=tto_a, institution=university_a, title="NDA", text="Version one.")
    request = ask(enterprise_member, listing)
    accept(enterprise_member, request, first)
    second = nda_publish(actor=tto_a, institution=university_a, title="NDA", text="Version two.")
    assert second.version == 2
    assert not Nda.objects.get(pk=first.pk).is_current
    with pytest.raises(TransitionNotAllowed):
        access_request_approve(actor=tto_a, access_request=request)
    with pytest.raises(ValidationError) as error:
        accept(enterprise_member, request, first)  # the page showed the old text
    assert "version" in error.value.message_dict
    accept(enterprise_member, request, second)
    access_request_approve(actor=tto_a, access_request=request)
    assert NdaAcceptance.objects.filter(access_request=request).count() == 2


def test_retiring_the_nda_lets_waiting_requests_be_approved(
    enterprise_member, tto_a, university_a, listing
):
    nda_publish(actor=tto_a, institution=university_a, title="NDA", text="Keep it secret.")
    request = ask(enterprise_member, listing)
    nda_retire(actor=tto_a, institution=university_a)
    assert nda_retire(actor=tto_a, institution=university_a) is None  # nothing in force
    access_request_approve(actor=tto_a, access_request=request)


def test_only_the_requester_accepts_the_nda(enterprise_member, tto_a, tto_b, university_a, listing):
    nda = nda_publish(actor=tto_a, institution=university_a, title="NDA", text="Secret.")
    request = ask(enterprise_member, listing)
    for other in (tto_a, tto_b):
        with pytest.raises(PermissionDenied):
            accept(other, request, nda)
    with pytest.raises(ValidationError) as error:
        accept(enterprise_member, request, nda, signed_name="  ")
    assert "signed_name" in error.value.message_dict
    assert not NdaAcceptance.objects.exists()


def test_an_unparseable_address_is_recorded_as_unknown(
    enterprise_member, tto_a, university_a, listing
):
    nda = nda_publish(actor=tto_a, institution=university_a, title="NDA", text="Secret.")
    acceptance = accept(enterprise_member, ask(enterprise_member, listing), nda, ip_address="x")
    assert acceptance.ip_address is None


def test_only_the_institutions_tto_publishes_its_nda(tto_b, enterprise_member, university_a):
    for outsider in (tto_b, enterprise_member):
        with pytest.raises(PermissionDenied):
            nda_publish(actor=outsider, institution=university_a, title="NDA", text="x")
    assert not Nda.objects.exists()


def test_an_nda_needs_a_title_and_a_text(tto_a, university_a):
    with pytest.raises(ValidationError) as error:
        nda_publish(actor=tto_a, institution=university_a, title=" ", text="")
    assert set(error.value.message_dict) == {"title", "text"}
    assert not Nda.objects.exists()


def test_an_expired_approval_opens_nothing(enterprise_member, tto_a, listing, confidential_file):
    request = ask(enterprise_member, listing)
    today = timezone.localdate()
    access_request_approve(actor=tto_a, access_request=request, expires_on=today)
    request.refresh_from_db()
    assert request.expires_at > timezone.now()  # the whole day is included
    assert confidential_file in files_seen_by(enterprise_member, listing)
    AccessRequest.objects.filter(pk=request.pk).update(expires_at=timezone.now())
    assert confidential_file not in files_seen_by(enterprise_member, listing)
    assert not AccessRequest.objects.granting().exists()


def test_an_expiry_in_the_past_is_refused(enterprise_member, tto_a, listing):
    request = ask(enterprise_member, listing)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        access_request_approve(actor=tto_a, access_request=request, expires_on=yesterday)
    assert "expires_on" in error.value.message_dict
    request.refresh_from_db()
    assert request.status == S.PENDING


def test_revoking_closes_the_documents_at_once(
    enterprise_member, tto_a, listing, confidential_file
):
    request = ask(enterprise_member, listing)
    access_request_approve(actor=tto_a, access_request=request)
    with pytest.raises(ValidationError) as error:
        access_request_revoke(actor=tto_a, access_request=request, reason="")
    assert "reason" in error.value.message_dict
    access_request_revoke(actor=tto_a, access_request=request, reason="Deal went elsewhere.")
    request.refresh_from_db()
    assert request.status == S.REVOKED
    assert request.reason == "Deal went elsewhere."
    assert confidential_file not in files_seen_by(enterprise_member, listing)
    assert "access-revoked" in reasons(enterprise_member)
    access_request_revoke(actor=tto_a, access_request=request, reason="again")  # no-op
    assert [e.action for e in history(request)].count("revoke") == 1


def test_declining_needs_a_reason_and_tells_the_requester(enterprise_member, tto_a, listing):
    request = ask(enterprise_member, listing)
    with pytest.raises(ValidationError):
        access_request_decline(actor=tto_a, access_request=request, reason=" ")
    access_request_decline(actor=tto_a, access_request=request, reason="Not yet licensable.")
    request.refresh_from_db()
    assert request.status == S.DECLINED
    assert "access-declined" in reasons(enterprise_member)
    with pytest.raises(TransitionNotAllowed):
        access_request_approve(actor=tto_a, access_request=request)


def test_the_requester_withdraws_a_pending_request_and_may_ask_again(
    enterprise_member, tto_a, listing
):
    request = ask(enterprise_member, listing)
    with pytest.raises(ValidationError, match="already asked"):
        ask(enterprise_member, listing)
    with pytest.raises(PermissionDenied):
        access_request_withdraw(actor=tto_a, access_request=request)
    access_request_withdraw(actor=enterprise_member, access_request=request)
    request.refresh_from_db()
    assert request.status == S.WITHDRAWN
    with pytest.raises(TransitionNotAllowed):
        access_request_approve(actor=tto_a, access_request=request)
    assert ask(enterprise_member, listing).status == S.PENDING


def test_someone_with_access_is_told_so(enterprise_member, tto_a, listing):
    access_request_approve(actor=tto_a, access_request=ask(enterprise_member, listing))
    with pytest.raises(ValidationError, match="already have access"):
        ask(enterprise_member, listing)


def test_decisions_belong_to_the_listings_tto(
    enterprise_member, tto_b, moderator, expert_user, listing
):
    request = ask(enterprise_member, listing)
    for outsider in (tto_b, moderator, expert_user, enterprise_member):
        with pytest.raises(PermissionDenied):
            access_request_approve(actor=outsider, access_request=request)
        with pytest.raises(PermissionDenied):
            access_request_decline(actor=outsider, access_request=request, reason="no")
    request.refresh_from_db()
    assert request.status == S.PENDING


def test_the_tto_cannot_request_its_own_documents_nor_anyone_a_draft(
    tto_a, enterprise_member, university_a
):
    published = AchievementFactory.create(institution=university_a)
    draft = AchievementFactory.create(institution=university_a, status="draft", published_at=None)
    with pytest.raises(ValidationError):
        ask(tto_a, published)
    with pytest.raises(ValidationError) as error:
        ask(enterprise_member, draft)
    assert "achievement" in error.value.message_dict


def test_the_purpose_is_required_and_plain(enterprise_member, listing):
    for purpose, field in ((" ", "purpose"), ("z" * 2001, "purpose"), ("a\x07b", "purpose")):
        with pytest.raises(ValidationError) as error:
            access_request_create(actor=enterprise_member, achievement=listing, purpose=purpose)
        assert field in error.value.message_dict
    assert not AccessRequest.objects.exists()


def test_document_requests_are_limited_per_person_and_day(
    enterprise_member, university_a, settings
):
    settings.DEALS_ACCESS_REQUEST_DAILY_LIMIT = 1
    first, second = AchievementFactory.create_batch(2, institution=university_a)
    ask(enterprise_member, first)
    with pytest.raises(DailyLimitReached):
        ask(enterprise_member, second)


def test_an_archived_listing_closes_its_documents(
    enterprise_member, tto_a, listing, confidential_file
):
    access_request_approve(actor=tto_a, access_request=ask(enterprise_member, listing))
    listing.status = "archived"
    listing.save()
    assert confidential_file not in files_seen_by(enterprise_member, listing)


def test_the_nda_text_is_read_by_the_tto_and_by_those_who_asked(
    enterprise_member, expert_user, tto_a, tto_b, moderator, university_a, listing
):
    nda = nda_publish(actor=tto_a, institution=university_a, title="NDA", text="Secret.")
    ask(enterprise_member, listing)
    assert Nda.objects.visible_to(tto_a).get() == nda
    assert Nda.objects.visible_to(enterprise_member).get() == nda
    for other in (expert_user, tto_b, moderator):
        assert not Nda.objects.visible_to(other).exists()


def test_a_new_nda_version_leaves_approved_access_open(
    enterprise_member, tto_a, university_a, listing, confidential_file
):
    first = nda_publish(actor=tto_a, institution=university_a, title="NDA", text="One.")
    request = ask(enterprise_member, listing)
    accept(enterprise_member, request, first)
    access_request_approve(actor=tto_a, access_request=request)
    nda_publish(actor=tto_a, institution=university_a, title="NDA", text="Two.")
    assert confidential_file in files_seen_by(enterprise_member, listing)
