"""Template helpers for listings, disclosures and their history."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from accounts.models import Membership
from accounts.roles import AnyUser, tto_organization_ids
from achievements.history import action_label, state_label
from achievements.rendering import markdown_to_html

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    return markdown_to_html(text)


@register.filter(name="state_label")
def state_label_filter(state: str) -> str:
    return state_label(state)


@register.filter(name="action_label")
def action_label_filter(action: str) -> str:
    return action_label(action)


@register.filter
def works_in_tto(user: AnyUser) -> bool:
    return bool(tto_organization_ids(user))


@register.filter
def is_researcher(user: AnyUser) -> bool:
    return bool(
        user.is_authenticated and Membership.objects.filter(user=user, status="active").exists()
    )
