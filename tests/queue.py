"""Real Redis, real `celery worker` and real web server processes for tests about the queue."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
TEST_REDIS_URL = os.environ.get("KEQIAO_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_or_skip() -> str:
    """The test Redis URL, flushed; a missing Redis fails in CI and skips on a laptop."""
    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1).flushdb()
    except redis.RedisError as error:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs Redis at {TEST_REDIS_URL}: {error}")
        pytest.skip(f"no Redis at {TEST_REDIS_URL} ({error}); set KEQIAO_TEST_REDIS_URL")
    return TEST_REDIS_URL


def child_environment(redis_url: str, **extra: str) -> dict[str, str]:
    """Environment for a child process on this test's database and the given Redis."""
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    host = db["HOST"] or "localhost"
    if host.startswith("/"):  # the embedded server listens on a Unix socket
        database_url = f"postgres://{credentials}@/{db['NAME']}?host={host}&port={db['PORT']}"
    else:
        database_url = f"postgres://{credentials}@{host}:{db['PORT'] or 5432}/{db['NAME']}"
    environment = {
        name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return {
        **environment,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        **extra,
    }


@contextmanager
def process(command: list[str], environment: dict[str, str]) -> Iterator[subprocess.Popen[str]]:
    child = subprocess.Popen(
        command,
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield child
    finally:
        child.terminate()  # celery: warm shutdown; gunicorn: graceful stop
        try:
            child.wait(30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def celery_worker(redis_url: str, *, concurrency: int = 1):
    return process(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            str(concurrency),
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        child_environment(redis_url),
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def web_server(redis_url: str, **extra: str) -> Iterator[str]:
    """gunicorn serving portal.wsgi on a free port; yields its base URL once it answers."""
    port = free_port()
    environment = child_environment(redis_url, ALLOWED_HOSTS="127.0.0.1", **extra)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "portal.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--timeout",
        "60",
    ]
    base_url = f"http://127.0.0.1:{port}"
    with process(command, environment) as server:
        if not wait_until(lambda: answers(base_url) or server.poll() is not None):
            pytest.fail("gunicorn did not start")
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited: {server.stdout.read() if server.stdout else ''}")
        yield base_url


def answers(base_url: str) -> bool:
    try:
        urllib.request.urlopen(f"{base_url}/healthz", timeout=2)
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


def wait_until(predicate: Callable[[], bool], timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False
