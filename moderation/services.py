"""Moderators' decisions and abuse reports. Each kind's own services do the kind's part."""

from __future__ import annotations

import enum
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import is_moderator
from moderation import registry
from moderation.models import AbuseReport
from moderation.workflow import require_reason, transition
from portal import audit


class Decision(enum.StrEnum):
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"
    REJECT = "reject"


def require_moderator(actor: User) -> None:
    if not is_moderator(actor):
        raise PermissionDenied(_("Only moderators can do this."))


def moderation_decide(
    *, actor: User, kind: str, target: Any, decision: Decision, reason: str
) -> Any:
    """Carry out a moderator's decision on any registered kind; the reason is always required."""
    require_moderator(actor)
    reason = require_reason(reason)
    moderated = registry.get(kind)
    service = {
        Decision.APPROVE: moderated.approve,
        Decision.REQUEST_CHANGES: moderated.request_changes,
        Decision.REJECT: moderated.reject,
    }[Decision(decision)]
    return service(actor=actor, target=target, reason=reason)


def report_create(
    *, reporter: User, target: models.Model, reason: str, details: str
) -> AbuseReport:
    """File an abuse report; reporting the same item again while one is open changes nothing."""
    moderated = registry.for_model(type(target))
    if moderated is None or not moderated.visible_to(reporter).filter(pk=target.pk).exists():
        raise PermissionDenied(_("You cannot report this item."))
    content_type = ContentType.objects.get_for_model(target)
    existing = AbuseReport.objects.filter(
        reporter=reporter,
        content_type=content_type,
        object_id=target.pk,
        status=AbuseReport.Status.OPEN,
    ).first()
    if existing is not None:
        return existing
    report = AbuseReport(
        content_type=content_type,
        object_id=target.pk,
        reporter=reporter,
        reason=reason,
        details=(details or "").strip(),
    )
    report.full_clean()
    try:
        with transaction.atomic():
            report.save()
            audit.record(
                actor=reporter, target=report, action="report", to_state="open", reason=reason
            )
    except IntegrityError:  # a concurrent double submit; the first one counts
        return AbuseReport.objects.get(
            reporter=reporter, content_type=content_type, object_id=target.pk, status="open"
        )
    return report


def report_resolve(*, actor: User, report: AbuseReport, outcome: str, reason: str) -> AbuseReport:
    """Dismiss a report, resolve it, or resolve it by taking the item down (audited both ways)."""
    require_moderator(actor)
    reason = require_reason(reason)
    if outcome not in {
        AbuseReport.Status.DISMISSED,
        AbuseReport.Status.RESOLVED,
        AbuseReport.Status.TAKEN_DOWN,
    }:
        raise ValidationError({"outcome": _("Choose what to do with the report.")})
    with transaction.atomic():
        resolved = transition(
            report,
            actor=actor,
            action="resolve_report",
            allowed_from=[AbuseReport.Status.OPEN],
            to_state=outcome,
            reason=reason,
            update=lambda r: setattr(r, "resolved_at", timezone.now()),
        )
        if outcome == AbuseReport.Status.TAKEN_DOWN and resolved.target is not None:
            moderated = registry.for_model(type(resolved.target))
            if moderated is not None:
                moderated.take_down(actor=actor, target=resolved.target, reason=reason)
    return resolved
