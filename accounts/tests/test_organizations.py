"""Registering organisations, asking to join, managers deciding and inviting, admins verifying."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from accounts import services
from accounts.admin import OrganizationAdmin
from accounts.models import Invitation, Membership, Organization
from accounts.tests.conftest import link_in
from accounts.tests.factories import EnterpriseFactory, MembershipFactory, UserFactory
from portal.audit import history

pytestmark = pytest.mark.django_db


def register(client, **overrides):
    data = {
        "kind": "university",
        "name_zh": "东海大学",
        "name_en": "Donghai University",
        "region": "zhejiang",
        "website": "donghai.example.edu",
        "description": "",
        **overrides,
    }
    return client.post(reverse("register-organization"), data)


@pytest.mark.parametrize(
    ("kind", "role"), [("university", "tto_manager"), ("enterprise", "manager")]
)
def test_the_registrant_manages_the_new_unverified_organisation(client_for, kind, role):
    user = UserFactory.create()
    response = register(client_for(user), kind=kind)
    organization = Organization.objects.get(name_en="Donghai University")
    assert response.status_code == 302
    assert not organization.verified
    assert organization.website == "https://donghai.example.edu"
    membership = Membership.objects.get(user=user, organization=organization)
    assert (membership.role, membership.status) == (role, "active")
    assert [entry.action for entry in history(organization)] == ["register"]


def test_registering_a_name_that_exists_suggests_joining_instead(client_for, university_a):
    html = register(
        client_for(UserFactory.create()), name_en="university a", name_zh=""
    ).content.decode()
    assert "already registered. Ask to join it instead." in html
    assert Organization.objects.filter(name_en__iexact="university a").count() == 1


def test_an_organisation_needs_a_name_in_some_language(client_for):
    html = register(client_for(UserFactory.create()), name_en="", name_zh="   ").content.decode()
    assert "Give the organisation&#x27;s name in Chinese, English or both." in html
    assert not Organization.objects.filter(region="zhejiang", kind="university").exists()


def test_the_join_page_finds_unverified_organisations_for_signed_in_users(client_for):
    Organization.objects.create(
        kind="hospital", name_en="Quiet Hospital", slug="qh", region="tibet"
    )
    html = client_for(UserFactory.create()).get(reverse("find-organization"), {"q": "quiet"})
    assert "Quiet Hospital" in html.content.decode()
    assert "unverified organisation" in html.content.decode()


def test_a_join_request_waits_and_the_managers_are_told_in_their_language(
    client_for, university_a, mailing
):
    manager = MembershipFactory.create(
        organization=university_a,
        role="tto_manager",
        user=UserFactory.create(preferred_language="zh-hans"),
    ).user
    applicant = UserFactory.create(display_name="Applicant")
    with mailing():
        response = client_for(applicant).post(
            reverse("join-organization", args=[university_a.pk]), {"role": "researcher"}
        )
    assert response.status_code == 302
    membership = Membership.objects.get(user=applicant)
    assert membership.status == "pending"
    [message] = mail.outbox
    assert message.to == [manager.email]
    assert "甲大学" in message.subject  # the organisation's name in the manager's language
    assert reverse("organization-manage", args=[university_a.pk]) in message.body


def test_asking_for_a_role_the_organisation_does_not_have_is_refused(university_a, enterprise):
    user = UserFactory.create()
    with pytest.raises(ValidationError) as raised:
        services.membership_request(user=user, organization=enterprise, role="tto_officer")
    assert "role" in raised.value.message_dict
    with pytest.raises(ValidationError):
        services.membership_request(user=user, organization=university_a, role="tto_manager")
    assert not Membership.objects.filter(user=user).exists()


def test_the_model_refuses_a_role_that_does_not_fit_the_kind(enterprise):
    membership = Membership(user=UserFactory.create(), organization=enterprise, role="researcher")
    with pytest.raises(ValidationError) as raised:
        membership.full_clean()
    assert "role" in raised.value.message_dict


def test_asking_twice_says_so_instead_of_failing(university_a):
    user = UserFactory.create()
    services.membership_request(user=user, organization=university_a, role="researcher")
    with pytest.raises(ValidationError, match="already asked"):
        services.membership_request(user=user, organization=university_a, role="researcher")


def test_a_manager_approves_and_the_requester_is_told(client_for, university_a, mailing):
    manager = MembershipFactory.create(organization=university_a, role="tto_manager").user
    applicant = UserFactory.create(preferred_language="en")
    membership = services.membership_request(
        user=applicant, organization=university_a, role="tto_officer"
    )
    with mailing():
        client_for(manager).post(reverse("membership-approve", args=[membership.pk]))
    membership.refresh_from_db()
    assert (membership.status, membership.decided_by) == ("active", manager)
    assert mail.outbox[-1].to == [applicant.email]
    assert mail.outbox[-1].subject == "You are now a member of University A"
    assert [entry.action for entry in history(membership)] == ["approve", "request"]


def test_a_rejection_carries_the_reason_to_the_requester(client_for, university_a, mailing):
    manager = MembershipFactory.create(organization=university_a, role="tto_manager").user
    applicant = UserFactory.create()
    membership = services.membership_request(
        user=applicant, organization=university_a, role="researcher"
    )
    with mailing():
        client_for(manager).post(
            reverse("membership-reject", args=[membership.pk]), {"reason": "Not on our staff list"}
        )
    membership.refresh_from_db()
    assert membership.status == "rejected"
    assert "Not on our staff list" in mail.outbox[-1].body


def test_the_only_manager_cannot_step_down_while_others_remain(university_a, tto_a):
    manager = MembershipFactory.create(organization=university_a, role="tto_manager")
    with pytest.raises(ValidationError, match="only manager"):
        services.membership_change_role(actor=manager.user, membership=manager, role="tto_officer")
    with pytest.raises(ValidationError, match="only manager"):
        services.membership_remove(actor=manager.user, membership=manager)


def test_an_invitation_link_creates_the_membership_once(client_for, mailing):
    enterprise = EnterpriseFactory.create()
    manager = MembershipFactory.create(organization=enterprise, role="manager").user
    invitee = UserFactory.create(email="colleague@example.org")
    with mailing():
        client_for(manager).post(
            reverse("organization-invite", args=[enterprise.pk]),
            {"email": "Colleague@Example.org", "role": "member"},
        )
    link = link_in(mail.outbox[-1])
    client = client_for(invitee)
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 302
    membership = Membership.objects.get(user=invitee, organization=enterprise)
    assert (membership.role, membership.status) == ("member", "active")
    again = client.post(link)
    assert again.status_code == 400
    assert "already been used" in again.content.decode()


def test_an_invitation_cannot_be_accepted_by_another_address(client_for, mailing, university_a):
    manager = MembershipFactory.create(organization=university_a, role="tto_manager").user
    with mailing():
        services.invitation_send(
            actor=manager, organization=university_a, email="right@example.org", role="researcher"
        )
    wrong = UserFactory.create(email="wrong@example.org")
    response = client_for(wrong).post(link_in(mail.outbox[-1]))
    assert response.status_code == 400
    assert "was sent to right@example.org" in response.content.decode()
    assert not Membership.objects.filter(user=wrong).exists()


@override_settings(INVITATION_MAX_AGE_SECONDS=-1)
def test_an_expired_invitation_says_so(client_for, mailing, university_a):
    manager = MembershipFactory.create(organization=university_a, role="tto_manager").user
    with mailing():
        services.invitation_send(
            actor=manager, organization=university_a, email="late@example.org", role="researcher"
        )
    response = client_for(UserFactory.create(email="late@example.org")).get(
        link_in(mail.outbox[-1])
    )
    assert response.status_code == 400
    assert "expired" in response.content.decode()


def test_a_withdrawn_invitation_says_so(client_for, mailing, university_a):
    manager = MembershipFactory.create(organization=university_a, role="tto_manager").user
    with mailing():
        invitation = services.invitation_send(
            actor=manager, organization=university_a, email="maybe@example.org", role="researcher"
        )
    services.invitation_withdraw(actor=manager, invitation=invitation)
    response = client_for(UserFactory.create(email="maybe@example.org")).post(
        link_in(mail.outbox[-1])
    )
    assert "withdrawn" in response.content.decode()
    assert Invitation.objects.get().accepted_at is None


def test_inviting_a_malformed_address_names_the_field(client_for, university_a):
    manager = MembershipFactory.create(organization=university_a, role="tto_manager").user
    response = client_for(manager).post(
        reverse("organization-invite", args=[university_a.pk]),
        {"email": "not an address", "role": "researcher"},
        follow=True,
    )
    assert "Email address: Enter a valid email address." in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_admin_verifies_organisations_with_an_action_that_is_audited(rf, admin):
    organization = Organization.objects.create(
        kind="university", name_en="New U", slug="new-u", region="hebei"
    )
    request = rf.post("/admin/")
    request.user = admin
    request._messages = type("M", (), {"add": lambda *a, **k: None})()  # the admin's message store
    OrganizationAdmin(Organization, site).verify(
        request, Organization.objects.filter(pk=organization.pk)
    )
    organization.refresh_from_db()
    assert organization.verified
    assert organization.verified_at is not None
    [entry] = history(organization)
    assert (entry.action, entry.actor, entry.to_state) == ("verify", admin, "verified")


def test_only_admins_may_verify(tto_a, university_a):
    organization = Organization.objects.create(
        kind="university", name_en="Hopeful U", slug="hopeful", region="hebei"
    )
    with pytest.raises(Exception, match="You may not do this"):
        services.organization_verify(actor=tto_a, organization=organization)


def test_an_unverified_organisations_listing_is_marked_on_its_pages(client, university_a):
    from achievements.tests.factories import AchievementFactory
    from needs.tests.factories import NeedFactory

    university_a.verified = False
    university_a.save()
    achievement = AchievementFactory.create(institution=university_a)
    need = NeedFactory.create(organization=EnterpriseFactory.create(verified=False))
    for url in (
        "/",
        reverse("achievement-detail", args=[achievement.pk]),
        reverse("need-detail", args=[need.pk]),
    ):
        assert "unverified organisation" in client.get(url).content.decode(), url
