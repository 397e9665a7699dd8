"""Rendering notification and digest emails at send time, in the recipient's language.

Right before sending, every notification in the email is checked again: a target the
recipient may no longer see is dropped (never mentioned), a kind the recipient stopped
wanting by email is skipped. Confidential targets are named only by their kind
(targets.email_title). When nothing is left, there is no email.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation

from matching.notifications.messages import message_for, subject_for
from matching.notifications.models import Notification, OutboundEmail
from matching.notifications.preferences import preferences_of
from matching.notifications.targets import email_title, is_confidential, text_in, visible_keys
from matching.notifications.unsubscribe import unsubscribe_url
from matching.notifications.vocabulary import Delivery, Kind

SUMMARY_LIMIT = 300
DIGEST_ITEM_LIMIT = 50


def notification_message(email: OutboundEmail) -> EmailMultiAlternatives | None:
    """The notification or digest email as it should go out now; None if nothing is left."""
    from portal.mail import render_email

    notifications = list(
        email.notifications.filter(email_state=Notification.EmailState.ATTACHED)
        .select_related("content_type")
        .order_by("created_at", "pk")
    )
    recipient = email.recipient
    if recipient is None or not recipient.is_active:
        _set_state(notifications, Notification.EmailState.SKIPPED)
        return None
    choices = preferences_of(recipient)
    visible = visible_keys(
        user=recipient, keys=[(n.content_type_id, n.object_id) for n in notifications]
    )
    dropped = [n for n in notifications if (n.content_type_id, n.object_id) not in visible]
    skipped = [n for n in notifications if n not in dropped and not choices.email_wanted(n.kind)]
    _set_state(dropped, Notification.EmailState.DROPPED)
    _set_state(skipped, Notification.EmailState.SKIPPED)
    kind_order = {kind: position for position, kind in enumerate(Kind.values)}
    keep = sorted(
        (n for n in notifications if n not in dropped and n not in skipped),
        key=lambda n: (kind_order.get(n.kind, len(kind_order)), n.created_at, n.pk),
    )
    if not keep:
        return None

    language = recipient.preferred_language
    is_digest = email.purpose == OutboundEmail.Purpose.DIGEST
    with translation.override(language):
        items = [_item(n, language) for n in keep]
        kinds = list(dict.fromkeys(n.kind for n in keep))
        one_click_kind = None if is_digest else keep[0].kind
        context: dict[str, Any] = {
            "recipient_name": str(recipient),
            "items": items[:DIGEST_ITEM_LIMIT],
            "more": max(0, len(items) - DIGEST_ITEM_LIMIT),
            "count": len(items),
            "period": Delivery(email.context.get("period", Delivery.DAILY)).value,
            "unsubscribe_url": unsubscribe_url(user_id=recipient.pk, kind=one_click_kind),
            "unsubscribe_all_url": unsubscribe_url(user_id=recipient.pk, kind=None),
            "kind_unsubscribes": [
                {"label": Kind(kind).label, "url": unsubscribe_url(user_id=recipient.pk, kind=kind)}
                for kind in kinds
            ],
            "inbox_url": settings.SITE_URL + reverse("notifications:inbox"),
            "settings_url": settings.SITE_URL + reverse("notifications:settings"),
        }
    message = render_email(
        to=recipient.email,
        language=language,
        template="digest" if is_digest else "notification",
        context=context,
    )
    # RFC 8058 one-click unsubscribe: mail clients POST "List-Unsubscribe=One-Click" to it.
    message.extra_headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
    message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return message


def _item(notification: Notification, language: str) -> dict[str, str]:
    model = notification.content_type.model_class()
    payload = notification.payload or {}
    confidential = is_confidential(model)
    summary = "" if confidential else text_in(payload, "summary", language)
    title = email_title(model=model, payload=payload, language=language)
    # A kind's own message (a moderator's decision and reason…), never for confidential items.
    kind = notification.kind
    return {
        "kind": str(Kind(kind).label),
        "title": title,
        "summary": summary[:SUMMARY_LIMIT],
        "message": "" if confidential else message_for(kind=kind, payload=payload, title=title),
        "subject": "" if confidential else subject_for(kind=kind, payload=payload, title=title),
        "url": settings.SITE_URL + reverse("notifications:open", args=[notification.pk]),
    }


def _set_state(notifications: list[Notification], state: str) -> None:
    if notifications:
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(email_state=state)
