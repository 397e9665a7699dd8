"""The header's link to the inbox with the unread count."""

from __future__ import annotations

from typing import Any

from django import template

from matching.notifications.models import Notification

register = template.Library()

BADGE_LIMIT = 99


@register.inclusion_tag("matching/notifications/header_link.html", takes_context=True)
def notification_link(context: template.Context) -> dict[str, Any]:
    """One count over the partial unread index, only for a signed-in user."""
    user = context.get("user")
    unread = 0
    if user is not None and user.is_authenticated:
        unread = Notification.objects.visible_to(user).unread().count()
    return {
        "unread": unread,
        "shown": f"{BADGE_LIMIT}+" if unread > BADGE_LIMIT else str(unread),
    }
