"""Reads for achievements and disclosures, starting with who may see them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from accounts.roles import AnyUser, is_admin, is_moderator, tto_organization_ids

if TYPE_CHECKING:  # the models import these querysets; the reverse is for typing only
    from achievements.models import (  # noqa: F401
        Achievement,
        AchievementFile,
        Disclosure,
        ImportJob,
    )


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

    def moderatable_by(self, user: AnyUser) -> AchievementQuerySet:
        """Listings a moderator may decide on: submitted ones and published ones with a revision."""
        if not is_moderator(user):
            return self.none()
        return self.filter(
            Q(status="submitted") | Q(status="published", revisions__status="submitted")
        ).distinct()


class AchievementFileQuerySet(models.QuerySet["AchievementFile"]):
    def visible_to(self, user: AnyUser) -> AchievementFileQuerySet:
        """Public files of listings the user may see; confidential ones to the listing's TTO.

        Moderators see every file of a listing they may see, so they can judge it.
        """
        from achievements.models import Achievement

        visible = Achievement.objects.visible_to(user)
        if is_admin(user) or is_moderator(user):
            return self.filter(achievement__in=visible)
        editable = Achievement.objects.editable_by(user)
        return self.filter(Q(achievement__in=visible, is_public=True) | Q(achievement__in=editable))


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

    def editable_by(self, user: AnyUser) -> DisclosureQuerySet:
        """Only its submitter edits a disclosure, and only while it is a draft."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(submitter=user, status="draft")

    def reviewable_by(self, user: AnyUser) -> DisclosureQuerySet:
        """Submitted disclosures of the institutions whose TTO the user works in."""
        if is_admin(user):
            return self.exclude(status="draft")
        if not user.is_authenticated:
            return self.none()
        return self.filter(institution_id__in=tto_organization_ids(user)).exclude(status="draft")


class ImportJobQuerySet(models.QuerySet["ImportJob"]):
    def visible_to(self, user: AnyUser) -> ImportJobQuerySet:
        """Import jobs (and their files and reports) belong to the institution's TTO."""
        if is_admin(user):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(institution_id__in=tto_organization_ids(user))
