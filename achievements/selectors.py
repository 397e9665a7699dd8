"""Reads that several pages, services and tasks share."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import Membership, User
from accounts.roles import AnyUser
from achievements.models import Achievement, AchievementRevision


def listing_owners(achievement: Achievement) -> list[User]:
    """Who hears about a listing: its author while still in its TTO, else the whole TTO."""
    officers = User.objects.filter(
        is_active=True,
        memberships__organization_id=achievement.institution_id,
        memberships__role__in=Membership.TTO_ROLES,
        memberships__status=Membership.Status.ACTIVE,
    ).distinct()
    if achievement.created_by_id and officers.filter(pk=achievement.created_by_id).exists():
        return list(officers.filter(pk=achievement.created_by_id))
    return list(officers)


def listings_awaiting_review(user: AnyUser) -> QuerySet[Achievement]:
    """The moderation queue's listings, with queued_at: when they (or their revision) came in."""
    revision_submitted = AchievementRevision.objects.filter(
        achievement=OuterRef("pk"), status=AchievementRevision.Status.SUBMITTED
    ).values("submitted_at")[:1]
    return (
        Achievement.objects.moderatable_by(user)
        .annotate(revision_submitted_at=Subquery(revision_submitted))
        .annotate(queued_at=Coalesce("revision_submitted_at", "submitted_at", "updated_at"))
    )
