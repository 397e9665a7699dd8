"""Every form of the account area refuses a POST without the CSRF token."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.services import api_token_create

pytestmark = pytest.mark.django_db

FORMS = [
    "login",
    "signup",
    "resend-confirmation",
    "password_reset",
    "password_change",
    "profile",
    "change-email",
    "delete-account",
    "tokens",
    "register-organization",
    "logout",
    "set_language",
]


@pytest.mark.parametrize("name", FORMS)
def test_a_form_posted_without_the_csrf_token_is_refused(name, tto_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(tto_a)
    response = client.post(reverse(name), {"anything": "x"})
    assert response.status_code == 403


def test_object_actions_without_the_csrf_token_are_refused(tto_a, university_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(tto_a)
    token, _key = api_token_create(user=tto_a, name="x")
    for url in (
        reverse("revoke-token", args=[token.pk]),
        reverse("join-organization", args=[university_a.pk]),
    ):
        assert client.post(url).status_code == 403, url
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_api_used_with_a_session_cookie_still_needs_the_csrf_token(tto_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(tto_a)
    response = client.post(reverse("api-tokens"), {"name": "via cookie"})
    assert response.status_code == 403
