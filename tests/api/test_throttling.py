"""Rate limits per API token or user and per anonymous IP address, with Retry-After."""

import pytest
from django.core.cache import cache
from rest_framework.settings import api_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_limits(settings):
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "anon": "3/minute",
            "user": "5/minute",
            "export-anon": "1/hour",
            "export-user": "2/hour",
        },
    }
    assert api_settings.DEFAULT_THROTTLE_RATES["anon"] == "3/minute"
    yield
    cache.clear()


def test_an_anonymous_address_gets_429_with_retry_after(api_client, low_limits):
    for _ in range(3):
        assert api_client.get("/api/v1/fields/").status_code == 200
    refused = api_client.get("/api/v1/fields/")
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert 0 < int(refused["Retry-After"]) <= 60


def test_another_address_has_its_own_allowance(api_client, low_limits):
    for _ in range(4):
        api_client.get("/api/v1/fields/", REMOTE_ADDR="10.0.0.1")
    assert api_client.get("/api/v1/fields/", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_a_forged_forwarded_for_header_does_not_reset_the_allowance(api_client, low_limits):
    for n in range(3):
        api_client.get("/api/v1/fields/", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert api_client.get("/api/v1/fields/", HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_signed_in_users_are_counted_per_user_not_per_address(
    api_client_for, tto_a, tto_b, low_limits
):
    client = api_client_for(tto_a)
    for _ in range(5):
        assert client.get("/api/v1/fields/").status_code == 200
    assert client.get("/api/v1/fields/").status_code == 429
    assert api_client_for(tto_b).get("/api/v1/fields/").status_code == 200


def test_a_token_is_counted_on_its_own(tto_a, low_limits):
    from rest_framework.test import APIClient

    class Token:
        def __init__(self, pk):
            self.pk = pk

    laptop, server = APIClient(), APIClient()
    laptop.force_authenticate(tto_a, token=Token(1))  # type: ignore[arg-type]
    server.force_authenticate(tto_a, token=Token(2))  # type: ignore[arg-type]
    for _ in range(5):
        laptop.get("/api/v1/fields/")
    assert laptop.get("/api/v1/fields/").status_code == 429
    assert server.get("/api/v1/fields/").status_code == 200


def test_exports_have_their_own_lower_limit(api_client, low_limits):
    assert api_client.get("/api/v1/export/organizations.csv").status_code == 200
    assert api_client.get("/api/v1/export/organizations.csv").status_code == 429
    assert api_client.get("/api/v1/fields/").status_code == 200


def test_counts_live_in_redis_when_redis_is_the_cache(api_client, low_limits, settings):
    from tests.queue import redis_or_skip

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_or_skip(),
        }
    }
    for _ in range(3):
        assert api_client.get("/api/v1/fields/").status_code == 200
    refused = api_client.get("/api/v1/fields/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) <= 60
