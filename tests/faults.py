"""Processes a fault test can break on purpose: its own Redis, Celery workers it may kill -9.

The shared Redis on 6379 is never touched: each test starts a private redis-server on a free
port, stops and starts that one. Every process started here is stopped by the context manager
that started it, killed if it does not stop.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis

from tests.queue import ROOT, child_environment, free_port, wait_until


def redis_server_binary() -> str:
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(binary).exists():
        if os.environ.get("CI"):
            pytest.fail("CI needs redis-server for the fault tests (apt-get install redis-server)")
        pytest.skip("no redis-server binary; apt-get install redis-server for the fault tests")
    return binary


class PrivateRedis:
    """A redis-server of this test's own, without persistence, that can be stopped and started."""

    def __init__(self, log_dir: Path) -> None:
        self.binary = redis_server_binary()
        self.port = free_port()
        self.log = log_dir / f"redis-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        assert self.process is None, "already running"
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    self.binary,
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--daemonize",
                    "no",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)
        if not wait_until(lambda: self._answers(client), timeout=10):
            pytest.fail(f"redis-server on port {self.port} did not start: {self.log.read_text()}")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    @staticmethod
    def _answers(client: redis.Redis) -> bool:
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False


@contextmanager
def private_redis(log_dir: Path) -> Iterator[PrivateRedis]:
    server = PrivateRedis(log_dir)
    server.start()
    try:
        yield server
    finally:
        server.stop()


class Child:
    """A Python child process in a process group of its own, logging to a file."""

    def __init__(self, name: str, command: list[str], environment: dict[str, str], log_dir: Path):
        self.name = name
        self.log = log_dir / f"{name}.log"
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: kill -9 takes all of it
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for_output(self, text: str, timeout: float = 60.0) -> None:
        if not wait_until(
            lambda: text in self.output() or self.process.poll() is not None, timeout
        ):
            pytest.fail(
                f"{self.name} did not say {text!r} in {timeout} s:\n{self.output()[-3000:]}"
            )
        if text not in self.output():
            pytest.fail(f"{self.name} exited ({self.process.returncode}):\n{self.output()[-3000:]}")

    def kill_hard(self) -> None:
        """kill -9 the whole process group: no shutdown, no acknowledgement, nothing."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # celery: warm shutdown
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill_hard()


@contextmanager
def child(
    name: str, arguments: list[str], environment: dict[str, str], log_dir: Path
) -> Iterator[Child]:
    process = Child(name, [sys.executable, *arguments], environment, log_dir)
    try:
        yield process
    finally:
        process.stop()


def fault_environment(redis_url: str, smtp_url: str, **extra: str) -> dict[str, str]:
    """Children on the test database, the private Redis and the test's SMTP server, with the
    outbox's timings shortened so a sweep, a re-queue and a reclaim happen within seconds."""
    return child_environment(
        redis_url,
        EMAIL_URL=smtp_url,
        OUTBOX_SWEEP_SECONDS="1",
        OUTBOX_REQUEUE_AFTER_SECONDS="2",
        OUTBOX_SENDING_TIMEOUT_SECONDS="3",
        NOTIFICATION_EMAIL_DAILY_BUDGET="1000",
        **extra,
    )


def worker_arguments() -> list[str]:
    # The solo pool runs tasks in the worker's own process: kill -9 leaves no orphan child.
    return [
        "-m",
        "celery",
        "-A",
        "portal",
        "worker",
        "--pool",
        "solo",
        "--loglevel",
        "INFO",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
    ]


def beat_arguments(log_dir: Path) -> list[str]:
    return [
        "-m",
        "celery",
        "-A",
        "portal",
        "beat",
        "--loglevel",
        "INFO",
        "--schedule",
        str(log_dir / "beat-schedule"),
    ]


def wait_seconds(seconds: float) -> None:
    """Let the sweeper run a few more rounds: anything duplicated would arrive now."""
    time.sleep(seconds)
