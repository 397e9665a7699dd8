"""The moderation queue: everything waiting for a moderator, oldest first, across all kinds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.models import Organization
from accounts.roles import AnyUser, is_moderator
from moderation import registry
from moderation.models import AbuseReport

REPORT_KIND = "report"


@dataclass(frozen=True)
class QueueItem:
    kind: str  # a registered key, or "report"
    moderated: registry.ModeratedType
    target: Any  # the item under review (for a report: the reported item)
    organization: Organization | None
    queued_at: dt.datetime
    is_revision: bool = False
    report: AbuseReport | None = None

    @property
    def age_days(self) -> int:
        return (timezone.now() - self.queued_at).days


def moderation_queue(
    user: AnyUser,
    *,
    kind: str = "",
    organization_id: int | None = None,
    older_than_days: int | None = None,
) -> list[QueueItem]:
    if not is_moderator(user):
        return []
    cutoff = timezone.now() - dt.timedelta(days=older_than_days) if older_than_days else None
    items: list[QueueItem] = []
    for moderated in registry.all_types():
        if kind and kind != moderated.key:
            continue
        queryset = moderated.awaiting_review(user).select_related(moderated.organization_field)
        if organization_id:
            queryset = queryset.filter(**{f"{moderated.organization_field}_id": organization_id})
        if cutoff is not None:
            queryset = queryset.filter(queued_at__lte=cutoff)
        items.extend(
            QueueItem(
                kind=moderated.key,
                moderated=moderated,
                target=obj,
                organization=getattr(obj, moderated.organization_field),
                queued_at=obj.queued_at,
                is_revision=moderated.is_revision(obj),
            )
            for obj in queryset
        )
    if not kind or kind == REPORT_KIND:
        items.extend(_reports(user, organization_id=organization_id, cutoff=cutoff))
    items.sort(key=lambda item: item.queued_at)
    return items


def _reports(
    user: AnyUser, *, organization_id: int | None, cutoff: dt.datetime | None
) -> list[QueueItem]:
    reports = AbuseReport.objects.visible_to(user).filter(status=AbuseReport.Status.OPEN)
    if cutoff is not None:
        reports = reports.filter(created_at__lte=cutoff)
    items: list[QueueItem] = []
    for moderated in registry.all_types():
        content_type = ContentType.objects.get_for_model(moderated.model)
        of_kind = list(reports.filter(content_type=content_type))
        targets = moderated.visible_to(user).select_related(moderated.organization_field)
        if organization_id:
            targets = targets.filter(**{f"{moderated.organization_field}_id": organization_id})
        by_id = targets.in_bulk([report.object_id for report in of_kind])
        for report in of_kind:
            target = by_id.get(report.object_id)
            if target is None:
                continue
            items.append(
                QueueItem(
                    kind=REPORT_KIND,
                    moderated=moderated,
                    target=target,
                    organization=getattr(target, moderated.organization_field),
                    queued_at=report.created_at,
                    report=report,
                )
            )
    return items
