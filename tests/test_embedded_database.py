"""With DATABASE_URL unset the portal runs on an embedded PostgreSQL: started, reused, stopped."""

import psycopg2
import pytest

from portal.embedded_db import embedded_database_settings, stop_embedded_server


def connect(settings: dict):
    return psycopg2.connect(
        dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"], port=settings["PORT"]
    )


@pytest.fixture
def pgdata(tmp_path):
    path = tmp_path / "postgres"
    yield path
    stop_embedded_server(path)


def test_the_embedded_server_keeps_its_data_across_restarts(pgdata):
    settings = embedded_database_settings(pgdata)
    with connect(settings) as connection, connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        assert int(cursor.fetchone()[0]) >= 180000
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute("CREATE TABLE kept (value text)")
        cursor.execute("INSERT INTO kept VALUES ('科桥')")
    connection.close()

    assert stop_embedded_server(pgdata) is True
    assert stop_embedded_server(pgdata) is False  # already stopped

    settings = embedded_database_settings(pgdata)
    with connect(settings) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT value FROM kept")
        assert cursor.fetchone() == ("科桥",)
    connection.close()
