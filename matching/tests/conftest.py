"""Fixtures for the notification tests: a real SMTP server the portal's mailer points at."""

from __future__ import annotations

from collections.abc import Iterator

import django
import pytest

from tests.smtp import SmtpServer, smtp_server


@pytest.fixture
def smtp(settings) -> Iterator[SmtpServer]:
    """aiosmtpd on a free localhost port; the portal sends through it with the SMTP backend."""
    with smtp_server() as server:
        if django.VERSION >= (6, 1):
            settings.MAILERS = {
                "default": {
                    "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                    "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
                }
            }
        else:
            settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
            settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        yield server
