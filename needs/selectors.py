"""Reads that the needs services, pages and the moderation queue share."""

from __future__ import annotations

from django.db.models import F, QuerySet

from accounts.models import Membership, User
from accounts.roles import AnyUser
from needs.models import Need


def need_owners(need: Need) -> list[User]:
    """Who hears about a need: its author while still a member of the enterprise, else all
    of the enterprise's active members."""
    members = User.objects.filter(
        is_active=True,
        memberships__organization_id=need.organization_id,
        memberships__status=Membership.Status.ACTIVE,
    ).distinct()
    if need.created_by_id and members.filter(pk=need.created_by_id).exists():
        return list(members.filter(pk=need.created_by_id))
    return list(members)


def needs_awaiting_review(user: AnyUser) -> QuerySet[Need]:
    """The moderation queue's needs. A submitted need is frozen, so its last change is the
    moment it entered the queue."""
    return Need.objects.moderatable_by(user).annotate(queued_at=F("updated_at"))
