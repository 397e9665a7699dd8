"""The test suite's defaults for variables a developer has not set; then the one settings module."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-key-" + "x" * 50)
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# API rate limits high enough for the suite; tests/api/test_throttling.py sets its own.
for _scope in ("API_RATE_ANON", "API_RATE_USER", "API_EXPORT_RATE_ANON", "API_EXPORT_RATE_USER"):
    os.environ.setdefault(_scope, "100000/minute")

from portal.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast user fixtures

# Serve static files straight from the source folders: no collectstatic before a test run.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
