"""Configuration comes from the environment; bad configuration fails with one clear line."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3q!9-production-like-secret-key-for-the-deploy-check-0123456789abcdef",
    "ALLOWED_HOSTS": "keqiao.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """manage.py in a clean environment: only what a production host would set."""
    clean = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    clean["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_silent_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_missing_secret_key_in_production_is_one_line_naming_it():
    result = manage("check", **{**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "SECRET_KEY" in result.stderr


def test_a_malformed_database_url_is_one_line_naming_it():
    result = manage("check", **{**PRODUCTION, "DATABASE_URL": "postgres://[nonsense"})
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert "DATABASE_URL" in result.stderr


def test_a_database_url_that_is_not_postgres_is_refused():
    result = manage("check", **{**PRODUCTION, "DATABASE_URL": "sqlite:///db.sqlite3"})
    assert result.returncode == 2
    assert "DATABASE_URL must point at PostgreSQL" in result.stderr


def test_an_unreachable_database_is_one_line_naming_it():
    result = manage(
        "migrate", **{**PRODUCTION, "DATABASE_URL": "postgres://postgres@127.0.0.1:9/x"}
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "DATABASE_URL" in result.stderr
    assert "127.0.0.1:9/x" in result.stderr


@pytest.mark.parametrize(
    "url", ["postgres://[nonsense", "postgres://host:port/db", "postgres://host:5432/"]
)
def test_other_malformed_database_urls_are_one_line(url):
    result = manage("check", **{**PRODUCTION, "DATABASE_URL": url})
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "DATABASE_URL" in result.stderr


@pytest.mark.parametrize("bad", ["maybe", "2"])
def test_a_malformed_boolean_is_reported(bad):
    result = manage("check", **{**PRODUCTION, "DEBUG": bad})
    assert result.returncode == 2
    assert result.stderr.strip() == f"keqiao: error: DEBUG must be true or false, not {bad!r}"


def test_models_and_migrations_agree():
    result = manage("makemigrations", "--check", "--dry-run", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("CONN_MAX_AGE", "sixty", "CONN_MAX_AGE must be a number, not 'sixty'"),
        ("OUTBOX_SWEEP_SECONDS", "-1", "OUTBOX_SWEEP_SECONDS must be at least 0, not '-1'"),
        ("LOGIN_FAILURE_LIMIT", "0", "LOGIN_FAILURE_LIMIT must be at least 1, not '0'"),
    ],
)
def test_a_malformed_number_is_one_line_naming_it(variable, value, message):
    result = manage("check", **{**PRODUCTION, variable: value})
    assert result.returncode == 2
    assert result.stderr.strip() == f"keqiao: error: {message}"
