"""Bad input gets a clear message naming the field, never a 500 and never half-written data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Organization, User
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long and uncommon passphrase 42"


def sign_up(client, **overrides):
    data = {
        "email": "person@example.org",
        "display_name": "",
        "password": PASSWORD,
        "password_again": PASSWORD,
        "preferred_language": "en",
        **overrides,
    }
    return client.post(reverse("signup"), data)


@pytest.mark.parametrize(
    "email",
    [
        "plainaddress",
        "@example.org",
        "a@",
        "a b@example.org",
        "a@@example.org",
        "a@example..org",
        "x" * 250 + "@example.org",
        "\u202eevil@example.org",
        "测试@",
        "",
    ],
)
def test_malformed_emails_are_refused_by_name(client, email):
    response = sign_up(client, email=email)
    assert response.status_code == 200
    assert "Email address:" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "name",
    [
        "王小明",
        "Zoë O'Brien-Łukasiewicz",
        "👩‍🔬 Dr. Lin",
        "محمد علي",
        "שרה כהן",
        "  李 雷  ",
        "𠀀𠀁",
    ],
    ids=["chinese", "latin-diacritics", "emoji-zwj", "arabic", "hebrew", "padded", "cjk-ext-b"],
)
def test_names_in_any_script_are_kept_as_written(client, name):
    assert sign_up(client, display_name=name).status_code == 302
    assert User.objects.get().display_name == name.strip()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("evil\u202egnp.exe", "invisible formatting characters"),
        ("a\u2066b", "invisible formatting characters"),
        ("line\nbreak", "control characters"),
        ("nul\x00byte", "Null characters are not allowed."),
        ("\u200d\u200d", "nothing visible"),
        ("x" * 101, "at most 100 characters"),
    ],
    ids=["rtl-override", "isolate", "newline", "nul", "only-joiners", "too-long"],
)
def test_names_that_hide_or_overflow_text_are_refused_with_a_message(client, name, message):
    response = sign_up(client, display_name=name)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your name:" in html
    assert message in html
    assert not User.objects.exists()


def test_a_weak_or_mismatched_password_is_refused_by_name(client):
    weak = sign_up(client, password="password", password_again="password").content.decode()
    assert "Password: This password is too common." in weak
    mismatch = sign_up(client, password_again="something else entirely").content.decode()
    assert "Password again: The two passwords differ." in mismatch
    assert not User.objects.exists()


def test_an_overlong_password_or_email_on_login_is_a_form_error_not_a_crash(client):
    response = client.post(
        reverse("login"), {"username": "a" * 300 + "@example.org", "password": "p" * 10_000}
    )
    assert response.status_code == 200


def test_an_overlong_organisation_name_is_refused_and_nothing_is_written(client_for):
    user = UserFactory.create()
    response = client_for(user).post(
        reverse("register-organization"),
        {"kind": "enterprise", "name_en": "E" * 201, "name_zh": "", "region": "hebei"},
    )
    assert (
        "Name in English: Ensure this value has at most 200 characters" in response.content.decode()
    )
    assert not Organization.objects.filter(kind="enterprise").exists()


def test_an_unknown_organisation_kind_or_region_is_refused_by_name(client_for):
    response = client_for(UserFactory.create()).post(
        reverse("register-organization"),
        {"kind": "pirate-ship", "name_en": "Black Pearl", "region": "atlantis"},
    )
    html = response.content.decode()
    assert "Kind: Select a valid choice." in html
    assert "Region: Select a valid choice." in html


def test_asking_to_join_with_a_made_up_role_is_refused(client_for, university_a):
    user = UserFactory.create()
    response = client_for(user).post(
        reverse("join-organization", args=[university_a.pk]), {"role": "emperor"}, follow=True
    )
    assert response.status_code == 200
    assert "Choose a role to ask for." in response.content.decode()
    assert not user.memberships.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/confirm/%E2%80%AE/",
        "/accounts/email/confirm/%00%FF:abc/",
        "/accounts/invitations/accept/" + "A" * 3000 + "/",
    ],
)
def test_garbage_in_link_paths_is_a_clear_400(client, path):
    response = client.post(path)
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
