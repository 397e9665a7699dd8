"""Reads for the expert pool."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from accounts.roles import AnyUser, is_admin, organization_ids

if TYPE_CHECKING:  # the models import these querysets; the reverse is for typing only
    from experts.models import Expert  # noqa: F401


class ExpertQuerySet(models.QuerySet["Expert"]):
    def visible_to(self, user: AnyUser) -> ExpertQuerySet:
        """Public profiles for everyone, registered-only ones for signed-in users."""
        if is_admin(user):
            return self.all()
        if not user.is_authenticated:
            return self.filter(is_active=True, visibility="public")
        return self.filter(
            Q(is_active=True) | Q(user=user) | Q(managed_by_id__in=organization_ids(user))
        )

    def editable_by(self, user: AnyUser) -> ExpertQuerySet:
        """The expert themself, or the TTO that keeps the profile."""
        if is_admin(user):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        from accounts.roles import tto_organization_ids

        return self.filter(Q(user=user) | Q(managed_by_id__in=tto_organization_ids(user)))
