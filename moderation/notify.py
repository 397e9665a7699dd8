"""Telling an item's owners about a moderator's decision (email, in their own language)."""

from __future__ import annotations

from django.conf import settings

from moderation import registry
from portal.mail import queue_email


def decision(
    moderated: registry.ModeratedType,
    *,
    target: object,
    decision: str,
    reason: str,
    about_revision: bool = False,
) -> None:
    """decision is one of "approved", "changes_requested", "rejected", "taken_down"."""
    for owner in moderated.owners(target):
        queue_email(
            to=owner.email,
            language=owner.preferred_language,
            template="moderation_decision",
            context={
                "decision": decision,
                "kind": moderated.key,
                "title": moderated.title(target),
                "reason": reason,
                "url": settings.SITE_URL + moderated.detail_url(target),
                "is_revision": about_revision,
            },
        )
