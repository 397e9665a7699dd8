"""Telling an item's owners about a moderator's decision: a notification of kind "moderation".

It lands in their inbox and reaches them as each chose for moderation results (by default an
instant email, in their language), with the decision and the reason
(templates/email/notification_messages/moderation.txt). Each decision is its own notification:
the reason slug carries the decision's audit entry, so a second decision on the same listing is
a second notification, and a retried one is not.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.db import models
from django.utils import timezone

from moderation import registry
from portal.audit import history

log = logging.getLogger(__name__)

# What of a reason fits in a notification's payload; the whole reason is on the history page.
REASON_LIMIT_CHARACTERS = 1500


def decision(
    moderated: registry.ModeratedType,
    *,
    target: models.Model,
    decision: str,
    reason: str,
    about_revision: bool = False,
) -> None:
    """decision is one of "approved", "changes_requested", "rejected", "taken_down".

    Called inside the transaction of the decision, right after its audit row was written.
    """
    from matching.notifications.services import notify
    from matching.notifications.targets import NotificationNotAllowed, payload_for
    from matching.notifications.vocabulary import Kind

    entry = history(target).order_by("-pk").first()  # the decision's own row, just written
    event = entry.pk if entry is not None else int(timezone.now().timestamp())
    payload = fitted(
        {
            **payload_for(target),
            "url": moderated.detail_url(target),
            "item": moderated.key,
            "decision": decision,
            "is_revision": about_revision,
            "reason": reason[:REASON_LIMIT_CHARACTERS],
        },
        shorten="reason",
    )
    for owner in moderated.owners(target):
        try:
            notify(
                recipient=owner,
                kind=Kind.MODERATION,
                reason=f"moderation:{decision}:{event}",
                target=target,
                payload=payload,
            )
        except NotificationNotAllowed:
            # An owner who can no longer see the item hears nothing about it.
            log.warning("owner %s may not see %s %s", owner.pk, moderated.key, target.pk)


def fitted(payload: dict[str, Any], *, shorten: str) -> dict[str, Any]:
    """The payload, with payload[shorten] cut (with an ellipsis) until it fits notify()'s limit."""
    from matching.notifications.services import PAYLOAD_LIMIT_BYTES

    text = str(payload.get(shorten) or "")
    while len(json.dumps(payload, ensure_ascii=False).encode()) > PAYLOAD_LIMIT_BYTES and text:
        text = text[: len(text) * 3 // 4]
        payload = {**payload, shorten: text.rstrip() + "…" if text else ""}
    return payload
