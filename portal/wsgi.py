"""WSGI entry point (gunicorn portal.wsgi)."""

import os

from django.core.handlers.wsgi import WSGIHandler

from portal.startup import check_database_reachable, run_configured

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")


def _load() -> WSGIHandler:
    from django.core.wsgi import get_wsgi_application

    handler = get_wsgi_application()
    check_database_reachable()
    return handler


application = run_configured(_load)
