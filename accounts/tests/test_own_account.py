"""The user's own account: profile, change of email, their data as JSON, deleting the account."""

from __future__ import annotations

import json

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import ApiToken, Membership, User
from accounts.services import api_token_create
from accounts.tests.conftest import link_in
from accounts.tests.factories import TEST_PASSWORD, MembershipFactory, UserFactory
from achievements.models import Achievement, Disclosure
from achievements.tests.factories import AchievementFactory, DisclosureFactory
from experts.models import Expert
from experts.tests.factories import ExpertFactory
from needs.tests.factories import NeedFactory

pytestmark = pytest.mark.django_db


def test_the_profile_saves_name_and_language(client_for, tto_a):
    response = client_for(tto_a).post(
        reverse("profile"), {"display_name": "  王 丽  ", "preferred_language": "zh-hans"}
    )
    assert response.status_code == 302
    tto_a.refresh_from_db()
    assert (tto_a.display_name, tto_a.preferred_language) == ("王 丽", "zh-hans")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_account_pages_exist_in_both_languages(client_for, tto_a, language):
    tto_a.preferred_language = language
    tto_a.save()
    client = client_for(tto_a)
    for name in (
        "profile",
        "change-email",
        "password_change",
        "my-organizations",
        "tokens",
        "your-data",
        "delete-account",
        "find-organization",
        "register-organization",
    ):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert f'<html lang="{language}">' in response.content.decode()


def test_changing_email_waits_for_the_new_address_and_tells_the_old_one(client_for, tto_a, mailing):
    client = client_for(tto_a)
    with mailing():
        client.post(
            reverse("change-email"), {"new_email": "new@example.org", "password": TEST_PASSWORD}
        )
    tto_a.refresh_from_db()
    assert (tto_a.email, tto_a.pending_email) == ("tto-a@example.org", "new@example.org")
    [confirmation] = mail.outbox
    assert confirmation.to == ["new@example.org"]
    with mailing():
        assert client.post(link_in(confirmation)).status_code == 302
    tto_a.refresh_from_db()
    assert (tto_a.email, tto_a.pending_email) == ("new@example.org", "")
    assert mail.outbox[-1].to == ["tto-a@example.org"]
    assert "new@example.org" in mail.outbox[-1].body
    reused = client.post(link_in(confirmation))
    assert reused.status_code == 400
    assert "already been used" in reused.content.decode()


def test_a_newer_email_change_replaces_the_older_link(client_for, tto_a, mailing):
    client = client_for(tto_a)
    with mailing():
        client.post(
            reverse("change-email"), {"new_email": "one@example.org", "password": TEST_PASSWORD}
        )
        client.post(
            reverse("change-email"), {"new_email": "two@example.org", "password": TEST_PASSWORD}
        )
    assert client.post(link_in(mail.outbox[0])).status_code == 400
    tto_a.refresh_from_db()
    assert tto_a.email == "tto-a@example.org"


def test_changing_email_needs_the_password_and_a_free_valid_address(client_for, tto_a, tto_b):
    client = client_for(tto_a)
    cases = {
        ("new@example.org", "wrong"): "Your current password: This is not your current password.",
        (tto_b.email, TEST_PASSWORD): "Another account already uses this address.",
        ("no-at-sign", TEST_PASSWORD): "New email address: Enter a valid email address.",
        (tto_a.email, TEST_PASSWORD): "This is already your email address.",
    }
    for (email, password), message in cases.items():
        html = client.post(reverse("change-email"), {"new_email": email, "password": password})
        assert message in html.content.decode(), message
    tto_a.refresh_from_db()
    assert tto_a.pending_email == ""


def test_the_data_download_holds_everything_about_me_and_no_secrets(
    client_for, researcher_a, university_a
):
    _token, key = api_token_create(user=researcher_a, name="my script")
    DisclosureFactory.create(institution=university_a, submitter=researcher_a, title="My idea")
    AchievementFactory.create(institution=university_a, created_by=researcher_a, title_en="Mine")
    response = client_for(researcher_a).get(reverse("download-data"))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["profile"]["email"] == researcher_a.email
    assert [m["role"] for m in data["memberships"]] == ["researcher"]
    assert data["api_tokens"][0]["name"] == "my script"
    assert [d["title"] for d in data["disclosures_submitted"]] == ["My idea"]
    assert [a["title_en"] for a in data["achievements_created"]] == ["Mine"]
    body = response.content.decode()
    assert key not in body
    assert researcher_a.password not in body


def test_deleting_the_account_keeps_institutional_records_without_the_name(
    client_for, researcher_a, university_a, enterprise
):
    disclosure = DisclosureFactory.create(institution=university_a, submitter=researcher_a)
    listing = AchievementFactory.create(institution=university_a, created_by=researcher_a)
    need = NeedFactory.create(organization=enterprise, created_by=researcher_a)
    own_profile = ExpertFactory.create(user=researcher_a)
    kept_profile_user = UserFactory.create()
    kept = ExpertFactory.create(user=kept_profile_user, managed_by=university_a)
    api_token_create(user=researcher_a, name="x")
    response = client_for(researcher_a).post(reverse("delete-account"), {"password": TEST_PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=researcher_a.pk).exists()
    assert not Membership.objects.filter(user_id=researcher_a.pk).exists()
    assert not ApiToken.objects.exists()
    assert Disclosure.objects.get(pk=disclosure.pk).submitter is None
    assert Achievement.objects.get(pk=listing.pk).created_by is None
    need.refresh_from_db()
    assert need.created_by is None
    assert not Expert.objects.filter(pk=own_profile.pk).exists()
    assert Expert.objects.filter(pk=kept.pk).exists()


def test_deleting_needs_the_password(client_for, researcher_a):
    html = client_for(researcher_a).post(reverse("delete-account"), {"password": "nope"})
    assert "This is not your current password." in html.content.decode()
    assert User.objects.filter(pk=researcher_a.pk).exists()


def test_the_only_manager_of_an_organisation_with_members_cannot_delete(
    client_for, university_a, tto_a
):
    manager = MembershipFactory.create(organization=university_a, role="tto_manager").user
    html = client_for(manager).post(reverse("delete-account"), {"password": TEST_PASSWORD})
    assert "only manager of University A" in html.content.decode()
    assert User.objects.filter(pk=manager.pk).exists()
