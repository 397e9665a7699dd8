"""Reads for enterprise technology needs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from accounts.roles import AnyUser, is_admin, is_moderator, organization_ids

if TYPE_CHECKING:  # the models import these querysets; the reverse is for typing only
    from needs.models import Need  # noqa: F401


class NeedQuerySet(models.QuerySet["Need"]):
    def published(self) -> NeedQuerySet:
        return self.filter(status="published")

    def visible_to(self, user: AnyUser) -> NeedQuerySet:
        """Published needs for everyone; the rest to the enterprise's members and moderators."""
        if is_admin(user):
            return self.all()
        rule = Q(status="published")
        if user.is_authenticated:
            rule |= Q(organization_id__in=organization_ids(user)) | Q(created_by=user)
            if is_moderator(user):
                rule |= ~Q(status="draft")
        return self.filter(rule)

    def editable_by(self, user: AnyUser) -> NeedQuerySet:
        if is_admin(user):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(organization_id__in=organization_ids(user))
