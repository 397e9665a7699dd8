"""Start-up checks that turn bad configuration into one clear line instead of a traceback."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import NoReturn, TypeVar

T = TypeVar("T")


def fail(message: str) -> NoReturn:
    print(f"keqiao: error: {message}", file=sys.stderr)
    raise SystemExit(2)


def describe_database() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    return f"{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db.get('NAME')}"


def check_database_reachable() -> None:
    """Connect once, so an unreachable database fails at start rather than on a first request."""
    from django.db import connection

    connection.ensure_connection()


def run_configured(entry: Callable[[], T]) -> T:
    """Run entry, reporting configuration and connection errors as a single line."""
    from django.core.exceptions import ImproperlyConfigured
    from django.db import OperationalError

    try:
        return entry()
    except ImproperlyConfigured as error:
        fail(str(error))
    except OperationalError as error:
        detail = (str(error).strip().splitlines() or [type(error).__name__])[0]
        fail(f"cannot use the database at {describe_database()} ({detail}); check DATABASE_URL")
