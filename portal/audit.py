"""Writing the audit log. Every service that changes an object's state calls record()."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models

from accounts.models import User
from portal.models import AuditLogEntry


def record(
    *,
    actor: User | None,
    target: models.Model,
    action: str,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
) -> AuditLogEntry:
    return AuditLogEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        action=action,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
    )


def history(target: models.Model) -> models.QuerySet[AuditLogEntry]:
    return AuditLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    ).select_related("actor")
