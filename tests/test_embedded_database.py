"""With DATABASE_URL unset the portal runs on an embedded PostgreSQL: started, reused, stopped."""

import psycopg2
import pytest

from portal.embedded_db import DATABASE_NAME, start_embedded_server, stop_embedded_server


def connect(host: str, port: str):
    return psycopg2.connect(dbname=DATABASE_NAME, user="postgres", host=host, port=port)


@pytest.fixture
def pgdata(tmp_path):
    path = tmp_path / "postgres"
    yield path
    stop_embedded_server(path)


def test_the_embedded_server_keeps_its_data_across_restarts(pgdata):
    with connect(*start_embedded_server(pgdata)) as connection, connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        assert int(cursor.fetchone()[0]) >= 180000
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute("CREATE TABLE kept (value text)")
        cursor.execute("INSERT INTO kept VALUES ('科桥')")
    connection.close()

    assert stop_embedded_server(pgdata) is True
    assert stop_embedded_server(pgdata) is False  # already stopped

    with connect(*start_embedded_server(pgdata)) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT value FROM kept")
        assert cursor.fetchone() == ("科桥",)
    connection.close()


def test_importing_settings_starts_no_server(tmp_path):
    """Type checkers and `manage.py check` import settings; only a connection starts PostgreSQL."""
    import os
    import subprocess
    import sys

    environment = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    environment.update(DEBUG="true", KEQIAO_DATA_DIR=str(tmp_path))
    subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**environment, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
        check=True,
    )
    assert not (tmp_path / "postgres").exists()
