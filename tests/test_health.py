"""/healthz answers 200 when the database and broker answer, 503 when one does not."""

from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import override_settings

from portal import health
from portal.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_healthy_without_a_broker_reports_eager_tasks(anonymous_client):
    response = anonymous_client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "eager"},
        "outbox": {"oldest_pending_seconds": None},  # informational, never fails the check
    }
    assert "no-cache" in response["Cache-Control"]


def test_an_unreachable_database_gives_503(anonymous_client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        response = anonymous_client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "error: OperationalError"


@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_an_unreachable_broker_gives_503(anonymous_client, monkeypatch):
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:9/0")
    monkeypatch.setattr(health, "BROKER_TIMEOUT_SECONDS", 0.5)
    response = anonymous_client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("error:")


def test_only_staff_may_ask_for_a_worker_round_trip(anonymous_client):
    body = anonymous_client.get("/healthz?worker=1").json()
    assert "worker" not in body["checks"]


def test_healthz_answers_over_plain_http_in_production(anonymous_client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert anonymous_client.get("/healthz").status_code == 200
