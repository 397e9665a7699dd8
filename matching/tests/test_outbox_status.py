"""Operations: manage.py outbox_status and the outbox's age in /healthz."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from matching.notifications.models import OutboundEmail
from matching.tests.factories import OutboundEmailFactory

pytestmark = pytest.mark.django_db


def test_the_command_shows_counts_and_the_oldest_pending_age(capsys):
    OutboundEmailFactory.create(created_at=timezone.now() - timedelta(minutes=5))
    OutboundEmailFactory.create(state=OutboundEmail.State.FAILED)
    OutboundEmailFactory.create(
        state=OutboundEmail.State.SENDING, claimed_at=timezone.now() - timedelta(hours=1)
    )
    call_command("outbox_status")
    out = capsys.readouterr().out
    assert "pending:        1" in out
    assert "sending:        1" in out
    assert "stuck sending:  1" in out
    assert "failed:         1" in out
    assert "oldest pending: 30" in out  # 300 s, give or take the test's own duration


def test_the_command_speaks_json_and_can_run_the_sweeper(capsys):
    stuck = OutboundEmailFactory.create(
        state=OutboundEmail.State.SENDING, claimed_at=timezone.now() - timedelta(hours=1)
    )
    call_command("outbox_status", "--json", "--sweep")
    captured = capsys.readouterr()
    assert "1 reclaimed" in captured.err
    assert json.loads(captured.out) == {
        "pending": 0,
        "sending": 0,
        "failed": 0,
        "stuck_sending": 0,
        "oldest_pending_seconds": None,
    }
    stuck.refresh_from_db()
    assert stuck.state == OutboundEmail.State.SENT


def test_healthz_reports_the_oldest_pending_email_without_failing(anonymous_client):
    OutboundEmailFactory.create(created_at=timezone.now() - timedelta(minutes=2))
    response = anonymous_client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["checks"] == {"database": "ok", "broker": "eager"}
    assert 119 <= body["outbox"]["oldest_pending_seconds"] <= 180
