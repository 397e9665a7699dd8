"""Personal API tokens: shown once, stored hashed, listed, revoked, used with Token or Bearer."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.services import api_token_create
from accounts.tests.factories import TEST_PASSWORD, UserFactory
from portal.audit import history

pytestmark = pytest.mark.django_db


def api_with(key: str, scheme: str = "Token") -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{scheme} {key}")
    return client


def test_a_token_created_on_the_page_is_shown_once_and_stored_only_as_a_hash(client_for, tto_a):
    client = client_for(tto_a)
    response = client.post(reverse("tokens"), {"name": "nightly import"})
    html = response.content.decode()
    token = ApiToken.objects.get(user=tto_a)
    key = html.split('id="new-token-key">')[1].split("<")[0]

    assert key.startswith("kq_")
    assert len(key) > 40
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(ApiToken.objects.filter(pk=token.pk).values().first())
    assert response["Cache-Control"] == "no-store"
    assert key not in client.get(reverse("tokens")).content.decode()
    assert [entry.action for entry in history(token)] == ["create"]


@pytest.mark.parametrize("scheme", ["Token", "Bearer", "token"])
def test_the_key_authenticates_api_requests(tto_a, scheme):
    _token, key = api_token_create(user=tto_a, name="script")
    response = api_with(key, scheme).get(reverse("api-tokens"))
    assert response.status_code == 200
    assert [item["name"] for item in response.json()] == ["script"]
    assert "key" not in response.json()[0]


def test_obtaining_a_token_with_email_and_password(tto_a):
    response = APIClient().post(
        reverse("api-token-obtain"),
        {"email": " TTO-A@example.org ", "password": TEST_PASSWORD, "name": "laptop"},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "laptop"
    assert api_with(body["key"]).get(reverse("api-tokens")).status_code == 200


def test_a_token_can_create_another_token(tto_a):
    _token, key = api_token_create(user=tto_a, name="first")
    response = api_with(key).post(reverse("api-tokens"), {"name": "second"}, format="json")
    assert response.status_code == 201
    assert api_with(response.json()["key"]).get(reverse("api-tokens")).status_code == 200


def test_a_revoked_token_stops_working_at_once(tto_a):
    token, key = api_token_create(user=tto_a, name="old")
    client = api_with(key)
    assert client.delete(reverse("api-token-detail", args=[token.pk])).status_code == 204
    response = client.get(reverse("api-tokens"))
    assert response.status_code == 401
    assert response.json()["message"] == "This token is not valid or has been revoked."


@pytest.mark.parametrize(
    "header",
    ["Token", "Token a b", "Token kq_not-a-real-key", "Bearer ", "Token kq_\u00e9\u00e9"],
)
def test_a_malformed_or_unknown_token_gets_a_401_with_a_message(header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get(reverse("api-tokens"))
    assert response.status_code == 401
    assert response.json()["message"]
    assert response["WWW-Authenticate"].startswith("Token")


def test_a_token_of_a_deactivated_account_is_refused(tto_a):
    _token, key = api_token_create(user=tto_a, name="x")
    tto_a.is_active = False
    tto_a.save()
    assert api_with(key).get(reverse("api-tokens")).status_code == 401


def test_last_use_is_written_at_most_once_a_minute(tto_a):
    token, key = api_token_create(user=tto_a, name="busy")
    client = api_with(key)
    client.get(reverse("api-tokens"))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get(reverse("api-tokens"))
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    client.get(reverse("api-tokens"))
    token.refresh_from_db()
    assert token.last_used_at > first - timedelta(seconds=1)
    assert token.last_used_at <= timezone.now()


def test_someone_elses_token_cannot_be_seen_or_revoked(tto_a, tto_b):
    token, _key = api_token_create(user=tto_a, name="mine")
    _other, other_key = api_token_create(user=tto_b, name="theirs")
    client = api_with(other_key)
    assert client.get(reverse("api-token-detail", args=[token.pk])).status_code == 404
    assert client.delete(reverse("api-token-detail", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_empty_or_overlong_token_name_is_refused_with_the_field_named(client_for, tto_a):
    html = client_for(tto_a).post(reverse("tokens"), {"name": ""}).content.decode()
    assert "Name: This field is required." in html
    _t, key = api_token_create(user=tto_a, name="k")
    bad = api_with(key).post(reverse("api-tokens"), {"name": "x" * 101}, format="json")
    assert bad.status_code == 400
    assert "name" in bad.json()["errors"]
    assert ApiToken.objects.filter(user=tto_a).count() == 1


def test_the_obtain_endpoint_names_each_missing_field():
    response = APIClient().post(reverse("api-token-obtain"), {}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"email", "password"}


def test_creating_a_token_needs_an_account():
    assert APIClient().post(reverse("api-tokens"), {"name": "x"}).status_code == 401


def test_an_unconfirmed_account_cannot_use_an_old_token():
    user = UserFactory.create()
    _token, key = api_token_create(user=user, name="x")
    user.email_verified_at = None
    user.save()
    assert api_with(key).get(reverse("api-tokens")).status_code == 401
