"""Logging in: lockout after repeated failures, a rate limit per address, fresh sessions."""

from __future__ import annotations

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
TOKEN = "/api/v1/auth/token/"
SHORT_COOL_OFF = timedelta(seconds=1)


def log_in(client, email: str, password: str):
    return client.post(LOGIN, {"username": email, "password": password})


@override_settings(AXES_COOLOFF_TIME=SHORT_COOL_OFF)
def test_twenty_wrong_passwords_lock_the_account_and_the_right_one_works_after_the_cool_off(
    client, settings
):
    user = UserFactory.create(email="target@example.org")
    limit = settings.AXES_FAILURE_LIMIT
    started = time.monotonic()
    statuses = [log_in(client, user.email, f"wrong guess {n}").status_code for n in range(20)]
    elapsed = time.monotonic() - started

    assert statuses[: limit - 1] == [200] * (limit - 1)  # the form, with an error
    assert statuses[limit - 1 :] == [429] * (21 - limit)  # locked from the limit on
    assert elapsed < 10, f"20 refusals took {elapsed:.1f}s"

    # While locked, even the right password is refused, without checking any password.
    with mock.patch.object(User, "check_password", side_effect=AssertionError("checked")):
        locked = log_in(client, user.email, TEST_PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.content.decode()

    time.sleep(SHORT_COOL_OFF.total_seconds() + 0.2)
    response = log_in(client, user.email, TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


@override_settings(AXES_COOLOFF_TIME=SHORT_COOL_OFF)
def test_changing_the_case_of_the_address_does_not_escape_the_lock(client, settings):
    user = UserFactory.create(email="case@example.org")
    for n in range(settings.AXES_FAILURE_LIMIT):
        variant = "CASE@example.org" if n % 2 else " Case@Example.org "
        log_in(client, variant, "wrong")
    assert log_in(client, user.email, TEST_PASSWORD).status_code == 429


@override_settings(AXES_COOLOFF_TIME=SHORT_COOL_OFF)
def test_the_token_endpoint_counts_failures_and_locks_the_same_account(settings):
    user = UserFactory.create(email="api@example.org")
    api = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = api.post(TOKEN, {"email": user.email, "password": "wrong"}, format="json")
        assert response.status_code == 400
        assert response.json()["errors"]["non_field_errors"] == [
            "The email address or password is not correct."
        ]
    locked = api.post(TOKEN, {"email": user.email, "password": "wrong"}, format="json")
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"
    assert set(locked.json()) == {"code", "message", "errors"}  # the API's one error shape
    assert int(locked["Retry-After"]) >= 1
    # Locked for the login form as well: it is one account.
    assert log_in(api, user.email, TEST_PASSWORD).status_code == 429
    time.sleep(SHORT_COOL_OFF.total_seconds() + 0.2)
    ok = api.post(TOKEN, {"email": user.email, "password": TEST_PASSWORD}, format="json")
    assert ok.status_code == 201


@override_settings(LOGIN_RATE_LIMIT="3/m")
def test_one_address_trying_many_accounts_is_rate_limited(client):
    for n in range(3):
        assert log_in(client, f"nobody{n}@example.org", "x").status_code == 200
    response = log_in(client, "nobody9@example.org", "x")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    api = APIClient()
    assert api.post(TOKEN, {"email": "a@example.org", "password": "x"}).status_code == 429


def test_logging_in_gives_a_new_session_key(client):
    user = UserFactory.create()
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    assert log_in(client, user.email, TEST_PASSWORD).status_code == 302
    assert client.session.session_key != before


def test_an_unconfirmed_account_cannot_log_in_and_is_told_why(client):
    user = UserFactory.create(email_verified_at=None)
    response = log_in(client, user.email, TEST_PASSWORD)
    assert response.status_code == 200
    assert "Confirm your email address first" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_unconfirmed_address_is_not_revealed_without_the_password(client):
    user = UserFactory.create(email_verified_at=None)
    html = log_in(client, user.email, "wrong").content.decode()
    assert "Confirm your email address" not in html
    assert "The email address or password is not correct." in html


def test_an_unconfirmed_account_gets_no_api_token():
    user = UserFactory.create(email_verified_at=None)
    response = APIClient().post(
        TOKEN, {"email": user.email, "password": TEST_PASSWORD}, format="json"
    )
    assert response.status_code == 400


@override_settings(LOGIN_RATE_LIMIT="100/m")
def test_pages_that_send_email_on_request_are_limited_per_address(client):
    statuses = [
        client.post(reverse("password_reset"), {"email": f"x{n}@example.org"}).status_code
        for n in range(12)
    ]
    assert statuses[:10] == [302] * 10
    assert statuses[10:] == [429, 429]
    assert (
        client.post(reverse("resend-confirmation"), {"email": "y@example.org"}).status_code == 429
    )
