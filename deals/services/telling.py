"""Who on each side hears about what happens in a thread or a document request.

Notifications are written in the transaction that makes the event true (notify()'s contract):
the in-app row commits or rolls back with the event, and its email is queued only after the
commit. The reason names the event (a message id, a decision), so a retried request never tells
anyone twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from achievements.models import Achievement
from matching.notifications.services import notify
from matching.notifications.targets import NotificationNotAllowed


def tto_members(institution_id: int) -> list[User]:
    """Active TTO officers and managers of the institution."""
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organization_id=institution_id,
            memberships__status=Membership.Status.ACTIVE,
            memberships__role__in=sorted(Membership.TTO_ROLES),
        ).distinct()
    )


def organization_members(organization_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organization_id=organization_id,
            memberships__status=Membership.Status.ACTIVE,
        ).distinct()
    )


def in_both_languages(template: str, listing: Achievement) -> dict[str, str]:
    """A short line about the listing in Chinese and English (shown in the reader's language).

    `template` is a translatable string with %(listing)s, marked with gettext_noop.
    """
    lines = {}
    for language, key, title in (
        ("zh-hans", "summary_zh", listing.title_zh or listing.title_en),
        ("en", "summary_en", listing.title_en or listing.title_zh),
    ):
        with translation.override(language):
            lines[key] = _(template) % {"listing": title}
    return lines


def tell(
    recipients: Iterable[User],
    *,
    reason: str,
    target: models.Model,
    payload: dict[str, Any],
    skip: User | None = None,
) -> int:
    """notify(kind="inquiry") each recipient who may see the target; returns how many."""
    told = 0
    seen: set[int] = set()
    for user in recipients:
        if user.pk in seen or (skip is not None and user.pk == skip.pk) or not user.is_active:
            continue
        seen.add(user.pk)
        try:
            notify(recipient=user, kind="inquiry", reason=reason, target=target, payload=payload)
        except NotificationNotAllowed:
            continue  # left the organisation since: they no longer see the thread
        told += 1
    return told
