"""Template helpers for technology needs."""

from __future__ import annotations

from django import template

from accounts.models import Organization
from accounts.roles import AnyUser, organization_ids

register = template.Library()


@register.filter
def posts_needs(user: AnyUser) -> bool:
    """A member of an organisation that may post needs (an enterprise): show "Our needs"."""
    if not organization_ids(user):  # cached per request: no query for most visitors
        return False
    return Organization.objects.restrict(user, "create_need").exists()
