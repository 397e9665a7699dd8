"""Assessments: the TTO asks, the expert answers, the TTO publishes; who sees what."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from achievements.models import Achievement
from achievements.tests.factories import AchievementFactory
from experts import services
from experts.models import Assessment, Expert
from experts.tests.factories import ExpertFactory
from matching.notifications.models import Notification
from moderation.workflow import TransitionNotAllowed
from portal.audit import history

pytestmark = pytest.mark.django_db

GOOD = {"trl": 6, "recommendation": "transfer", "market_potential": 3, "text": "Solid **work**."}


@pytest.fixture
def listing(university_a, tto_a) -> Achievement:
    return AchievementFactory.create(
        institution=university_a, created_by=tto_a, title_en="Sodium battery anode"
    )


@pytest.fixture
def draft(university_a, tto_a) -> Achievement:
    return AchievementFactory.create(
        institution=university_a,
        created_by=tto_a,
        status="draft",
        published_at=None,
        title_en="Unreleased secret alloy",
    )


@pytest.fixture
def expert(expert_user) -> Expert:
    return Expert.objects.get(user=expert_user)


@pytest.fixture
def kept(university_a) -> Expert:
    return ExpertFactory.create(managed_by=university_a, name_en="Kept Without Login")


def test_an_officer_asks_an_expert_who_is_notified(tto_a, listing, expert, expert_user):
    [request] = services.assessment_request(actor=tto_a, achievement=listing, experts=[expert])
    assert request.status == "requested"
    assert request.requested_by == tto_a
    note = Notification.objects.get(recipient=expert_user, kind="assessment")
    assert note.object_id == request.pk
    again = services.assessment_request(actor=tto_a, achievement=listing, experts=[expert])
    assert again == [request]
    assert Notification.objects.filter(recipient=expert_user).count() == 1


def test_only_the_listings_tto_may_ask(tto_b, listing, expert):
    with pytest.raises(PermissionDenied):
        services.assessment_request(actor=tto_b, achievement=listing, experts=[expert])


def test_an_archived_listing_is_not_assessed_any_more(tto_a, listing, expert):
    Achievement.objects.filter(pk=listing.pk).update(status="archived")
    listing.refresh_from_db()
    with pytest.raises(TransitionNotAllowed):
        services.assessment_request(actor=tto_a, achievement=listing, experts=[expert])


def test_experts_not_available_for_evaluation_cannot_be_asked(tto_a, listing, expert):
    Expert.objects.filter(pk=expert.pk).update(available_for_evaluation=False)
    with pytest.raises(ValidationError):
        services.assessment_request(actor=tto_a, achievement=listing, experts=[expert])
    assert not Assessment.objects.exists()


def test_the_expert_submits_and_the_officer_publishes(tto_a, listing, expert, expert_user):
    [request] = services.assessment_request(actor=tto_a, achievement=listing, experts=[expert])
    with pytest.raises(PermissionDenied):  # the TTO does not write for an expert with a login
        services.assessment_submit(actor=tto_a, assessment=request, values=GOOD)
    done = services.assessment_submit(actor=expert_user, assessment=request, values=GOOD)
    assert done.status == "submitted"
    assert done.trl == 6
    assert done.submitted_by == expert_user
    with pytest.raises(PermissionDenied):
        services.assessment_publish(actor=expert_user, assessment=done)
    shown = services.assessment_publish(actor=tto_a, assessment=done)
    assert shown.published
    assert shown.published_at is not None
    assert [e.action for e in history(shown)] == ["publish", "submit", "request"]  # newest first


def test_submitting_needs_a_trl_and_a_recommendation(tto_a, listing, expert, expert_user):
    [request] = services.assessment_request(actor=tto_a, achievement=listing, experts=[expert])
    with pytest.raises(ValidationError) as caught:
        services.assessment_submit(actor=expert_user, assessment=request, values={"text": "x"})
    assert set(caught.value.message_dict) == {"trl", "recommendation"}
    request.refresh_from_db()
    assert request.status == "requested"


def test_a_declined_request_cannot_be_submitted_or_published(tto_a, listing, expert, expert_user):
    [request] = services.assessment_request(actor=tto_a, achievement=listing, experts=[expert])
    services.assessment_decline(actor=expert_user, assessment=request, reason="Conflict")
    with pytest.raises(TransitionNotAllowed):
        services.assessment_submit(actor=expert_user, assessment=request, values=GOOD)
    with pytest.raises(TransitionNotAllowed):
        services.assessment_publish(actor=tto_a, assessment=request)


def test_the_tto_records_for_an_expert_without_a_login(tto_a, listing, kept):
    [request] = services.assessment_request(actor=tto_a, achievement=listing, experts=[kept])
    assert not Notification.objects.exists()
    done = services.assessment_submit(actor=tto_a, assessment=request, values=GOOD)
    assert done.status == "submitted"
    assert done.submitted_by == tto_a


def test_unpublished_assessments_stay_with_the_tto_and_the_expert(
    client_for, tto_a, tto_b, listing, expert, expert_user
):
    [request] = services.assessment_request(actor=tto_a, achievement=listing, experts=[expert])
    services.assessment_submit(
        actor=expert_user, assessment=request, values={**GOOD, "risks": "Scale-up risk XYZ"}
    )
    page = f"/achievements/{listing.pk}/"
    for reader in (None, tto_b):
        body = client_for(reader).get(page).content.decode()
        assert "expert-assessed" in body  # the mark, not the content
        assert "Scale-up risk XYZ" not in body
    assert "Scale-up risk XYZ" in client_for(tto_a).get(page).content.decode()
    assert "Scale-up risk XYZ" in client_for(expert_user).get(page).content.decode()
    assert not Assessment.objects.visible_to(tto_b).exists()
    services.assessment_publish(actor=tto_a, assessment=request)
    assert "Scale-up risk XYZ" in Client().get(page).content.decode()
    assert Assessment.objects.visible_to(tto_b).count() == 1


def test_a_registered_only_experts_assessment_is_not_shown_to_visitors(
    client_for, tto_a, enterprise_member, listing, expert, expert_user
):
    Expert.objects.filter(pk=expert.pk).update(visibility="registered")
    [request] = services.assessment_request(actor=tto_a, achievement=listing, experts=[expert])
    services.assessment_submit(actor=expert_user, assessment=request, values=GOOD)
    services.assessment_publish(actor=tto_a, assessment=request)
    assert not Assessment.objects.visible_to(AnonymousUser()).exists()
    assert "Expert E" not in Client().get(f"/achievements/{listing.pk}/").content.decode()
    assert (
        "Expert E"
        in client_for(enterprise_member).get(f"/achievements/{listing.pk}/").content.decode()
    )


def test_the_expert_sees_a_draft_only_through_the_assessment(
    client_for, tto_a, draft, expert, expert_user
):
    [request] = services.assessment_request(actor=tto_a, achievement=draft, experts=[expert])
    client = client_for(expert_user)
    assert client.get(f"/achievements/{draft.pk}/").status_code == 404
    page = client.get(f"/experts/assessments/{request.pk}/")
    assert page.status_code == 200
    assert "Unreleased secret alloy" in page.content.decode()
    assert client_for(None).get(f"/experts/assessments/{request.pk}/").status_code == 404


def test_assessment_markdown_is_sanitised(client_for, tto_a, listing, kept):
    [request] = services.assessment_request(actor=tto_a, achievement=listing, experts=[kept])
    services.assessment_submit(
        actor=tto_a,
        assessment=request,
        values={**GOOD, "text": "<script>alert(1)</script> [x](javascript:alert(2))"},
    )
    services.assessment_publish(actor=tto_a, assessment=request)
    body = Client().get(f"/achievements/{listing.pk}/").content.decode()
    assert "<script>alert(1)" not in body
    assert "javascript:alert" not in body


def test_pages_ask_submit_and_publish(client_for, tto_a, listing, expert, expert_user):
    officer = client_for(tto_a)
    asked = officer.post(
        "/experts/assessments/new/", {"achievement": listing.pk, "experts": [expert.pk]}
    )
    assert asked.status_code == 302
    request = Assessment.objects.get()
    assert (
        str(listing.title) in client_for(expert_user).get("/experts/assessments/").content.decode()
    )
    submitted = client_for(expert_user).post(
        f"/experts/assessments/{request.pk}/",
        {"trl": "5", "recommendation": "develop", "market_potential": "2", "text": "Fine"},
    )
    assert submitted.status_code == 302
    assert officer.post(f"/experts/assessments/{request.pk}/publish/").status_code == 302
    request.refresh_from_db()
    assert request.status == "submitted"
    assert request.published
    listing_page = Client().get("/achievements/").content.decode()
    assert 'data-testid="expert-assessed"' in listing_page


def test_a_bad_submission_on_the_page_is_a_400_not_a_500(
    client_for, tto_a, listing, expert, expert_user
):
    [request] = services.assessment_request(actor=tto_a, achievement=listing, experts=[expert])
    answer = client_for(expert_user).post(f"/experts/assessments/{request.pk}/", {"trl": "12"})
    assert answer.status_code == 400
    request.refresh_from_db()
    assert request.status == "requested"


def test_pages_decline_and_refuse_what_the_state_does_not_allow(
    client_for, tto_a, researcher_a, listing, expert, expert_user
):
    [request] = services.assessment_request(actor=tto_a, achievement=listing, experts=[expert])
    officer = client_for(tto_a)
    too_early = officer.post(f"/experts/assessments/{request.pk}/publish/", follow=True)
    assert "cannot be done" in too_early.content.decode()
    assert (
        client_for(researcher_a).post(f"/experts/assessments/{request.pk}/decline/").status_code
        == 404
    )
    assert officer.post(f"/experts/assessments/{request.pk}/decline/").status_code == 403
    declined = client_for(expert_user).post(
        f"/experts/assessments/{request.pk}/decline/", {"reason": "Conflict of interest"}
    )
    assert declined.status_code == 302
    request.refresh_from_db()
    assert request.status == "declined"
    assert history(request)[0].reason == "Conflict of interest"


def test_only_a_tto_reaches_the_request_form(client_for, tto_a, researcher_a, listing):
    assert (
        client_for(tto_a).get(f"/experts/assessments/new/?achievement={listing.pk}").status_code
        == 200
    )
    refused = client_for(researcher_a).get("/experts/assessments/new/")
    assert refused.status_code == 302
    assert client_for(None).get("/experts/assessments/new/").status_code == 302
