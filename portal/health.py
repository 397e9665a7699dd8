"""/healthz: is the database reachable, is the broker reachable (and how old is the outbox)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest, JsonResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

BROKER_TIMEOUT_SECONDS = 2
WORKER_TIMEOUT_SECONDS = 5.0


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        return f"error: {type(error).__name__}"
    return "ok"


def broker_status() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"  # no broker configured: tasks run in-process, nothing to reach
    from portal.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception as error:
        return f"error: {type(error).__name__}"
    return "ok"


def worker_status() -> str:
    """Round-trip a ping task through the broker to a worker and back."""
    from portal.tasks import ping

    nonce = secrets.token_hex(8)
    try:
        answer = ping.delay(nonce).get(timeout=WORKER_TIMEOUT_SECONDS)
    except Exception as error:
        return f"error: {type(error).__name__}"
    if answer.get("nonce") != nonce:
        return "error: wrong answer"
    return "ok"


def may_check_worker(request: HttpRequest) -> bool:
    if request.user.is_staff:
        return True
    token = settings.HEALTHZ_TOKEN
    offered = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return bool(token) and constant_time_compare(offered, token)


@never_cache
@require_GET
@transaction.non_atomic_requests  # ATOMIC_REQUESTS would need the database before we check it
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when everything answers, 503 otherwise.

    ?worker=1 also sends a task through the broker and waits for a worker's answer. It holds
    the request for up to WORKER_TIMEOUT_SECONDS, so only staff or a monitor holding
    HEALTHZ_TOKEN may ask for it.
    """
    checks = {"database": database_status(), "broker": broker_status()}
    wants_worker = request.GET.get("worker") == "1" and may_check_worker(request)
    if wants_worker and checks["broker"] != "eager":
        checks["worker"] = worker_status() if checks["broker"] == "ok" else "error: no broker"
    healthy = all(value in ("ok", "eager") for value in checks.values())
    body: dict[str, object] = {"status": "ok" if healthy else "unavailable", "checks": checks}
    if checks["database"] == "ok":
        body["outbox"] = outbox_status()
    return JsonResponse(body, status=200 if healthy else 503)


def outbox_status() -> dict[str, float | None]:
    """Informational, never a failed check: how long the oldest unsent email has waited."""
    from matching.notifications.models import OutboundEmail

    try:
        age = OutboundEmail.objects.oldest_pending_age()
    except Exception:  # e.g. migrations not applied yet; the checks above say what matters
        return {"oldest_pending_seconds": None}
    return {"oldest_pending_seconds": None if age is None else round(age, 1)}
