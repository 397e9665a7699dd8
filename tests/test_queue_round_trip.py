"""A task enqueued in a web request is executed by a separate `celery worker` process via Redis.

Everything here is a real process: gunicorn serving the portal, a Celery worker, and Redis.
"""

import json
import urllib.error
import urllib.request

import pytest

from tests.queue import celery_worker, redis_or_skip, wait_until, web_server

pytestmark = [pytest.mark.queue, pytest.mark.django_db(transaction=True)]

TOKEN = "health-token-for-tests"


def get_health(base_url: str, token: str | None = TOKEN) -> tuple[int, dict]:
    request = urllib.request.Request(f"{base_url}/healthz?worker=1")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_a_request_enqueues_a_task_that_a_separate_worker_runs():
    redis_url = redis_or_skip()
    with web_server(redis_url, HEALTHZ_TOKEN=TOKEN) as base_url:
        status, body = get_health(base_url)
        assert status == 503, body  # the broker is up but no worker answers
        assert body["checks"]["broker"] == "ok"
        assert body["checks"]["worker"].startswith("error:")

        with celery_worker(redis_url):
            # The first answer can take as long as the worker takes to boot.
            wait_until(lambda: get_health(base_url)[0] == 200, timeout=60)
            status, body = get_health(base_url)

    assert status == 200, body
    assert body["checks"] == {"database": "ok", "broker": "ok", "worker": "ok"}


def test_the_worker_check_needs_the_token():
    redis_url = redis_or_skip()
    with web_server(redis_url, HEALTHZ_TOKEN=TOKEN) as base_url:
        status, body = get_health(base_url, token="wrong")
    assert status == 200
    assert "worker" not in body["checks"]
