"""Passwords and API keys never reach the logs, error reports or the lockout records."""

from __future__ import annotations

import logging

import pytest
from axes.models import AccessAttempt, AccessLog
from django.test import RequestFactory
from django.views.debug import ExceptionReporter
from rest_framework.test import APIClient

from accounts.services import api_token_create
from accounts.tests.factories import TEST_PASSWORD, UserFactory
from accounts.views.signup import LoginView

pytestmark = pytest.mark.django_db

WRONG_PASSWORD = "my-secret-wrong-password-123"


def test_failed_and_successful_sign_ins_log_no_password_or_key(client, caplog, tto_a):
    caplog.set_level(logging.DEBUG)
    _token, key = api_token_create(user=tto_a, name="logged?")
    client.post("/accounts/login/", {"username": tto_a.email, "password": WRONG_PASSWORD})
    client.post("/accounts/login/", {"username": tto_a.email, "password": TEST_PASSWORD})
    api = APIClient()
    api.post("/api/v1/auth/token/", {"email": tto_a.email, "password": WRONG_PASSWORD})
    obtained = api.post("/api/v1/auth/token/", {"email": tto_a.email, "password": TEST_PASSWORD})
    new_key = obtained.json()["key"]
    for header in (f"Token {key}", f"Bearer {new_key}", "Token kq_guessed-key-000"):
        api.credentials(HTTP_AUTHORIZATION=header)
        api.get("/api/v1/auth/tokens/")
    logged = caplog.text
    assert "axes" in logged.lower()  # the failures were logged...
    for secret in (WRONG_PASSWORD, TEST_PASSWORD, key, new_key, "kq_guessed-key-000"):
        assert secret not in logged  # ...without what was typed


def test_lockout_records_keep_no_password(client, tto_a):
    client.post("/accounts/login/", {"username": tto_a.email, "password": WRONG_PASSWORD})
    client.post("/accounts/login/", {"username": tto_a.email, "password": TEST_PASSWORD})
    stored = [(a.get_data, a.post_data) for a in AccessAttempt.objects.all()]
    stored += [(a.path_info, a.user_agent) for a in AccessLog.objects.all()]
    assert stored, "axes should have recorded the attempts"
    assert all(WRONG_PASSWORD not in str(row) and TEST_PASSWORD not in str(row) for row in stored)


def test_an_error_report_hides_the_password_and_the_authorization_header():
    user = UserFactory.create()
    request = RequestFactory().post(
        "/accounts/login/",
        {"username": user.email, "password": WRONG_PASSWORD},
        HTTP_AUTHORIZATION="Token kq_secret-key-in-header",
    )
    LoginView.as_view()(request)  # marks the password as sensitive, as in production
    report = ExceptionReporter(request, None, None, None).get_traceback_text()
    assert WRONG_PASSWORD not in report
    assert "kq_secret-key-in-header" not in report
