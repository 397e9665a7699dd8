"""Reads for achievements and disclosures, starting with who may see them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from accounts.roles import AnyUser, is_admin, is_moderator, tto_organization_ids

if TYPE_CHECKING:  # the models import these querysets; the reverse is for typing only
    from achievements.models import Achievement, Disclosure  # noqa: F401


class AchievementQuerySet(models.QuerySet["Achievement"]):
    def published(self) -> AchievementQuerySet:
        return self.filter(status="published")

    def visible_to(self, user: AnyUser) -> AchievementQuerySet:
        """Published listings for everyone; the rest to its institution's TTO and moderators."""
        if is_admin(user):
            return self.all()
        rule = Q(status="published")
        if user.is_authenticated:
            rule |= Q(institution_id__in=tto_organization_ids(user)) | Q(created_by=user)
            if is_moderator(user):
                rule |= ~Q(status="draft")
        return self.filter(rule)

    def editable_by(self, user: AnyUser) -> AchievementQuerySet:
        if is_admin(user):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(institution_id__in=tto_organization_ids(user))


class DisclosureQuerySet(models.QuerySet["Disclosure"]):
    def visible_to(self, user: AnyUser) -> DisclosureQuerySet:
        """Confidential: submitter, inventors, and (once submitted) the institution's TTO."""
        if is_admin(user):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        rule = Q(submitter=user) | Q(inventors__user=user)
        rule |= Q(institution_id__in=tto_organization_ids(user)) & ~Q(status="draft")
        return self.filter(rule).distinct()
