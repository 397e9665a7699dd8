"""Reads for the expert pool, starting with who may see and edit a profile.

The grant table is the contract of docs/permissions.md; accounts/permissions.py explains it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from accounts.permissions import Grant, everyone, moderators, restrict, signed_in, the_user, tto_of
from accounts.roles import AnyUser

if TYPE_CHECKING:  # the models import these querysets; the reverse is for typing only
    from experts.models import Expert  # noqa: F401

LISTED_PUBLIC = Q(is_active=True, visibility="public")
LISTED = Q(is_active=True)

_keepers = [Grant(the_user("user")), Grant(tto_of("managed_by_id"))]

EXPERT_GRANTS: dict[str, list[Grant]] = {
    "view": [
        Grant(everyone, LISTED_PUBLIC),
        Grant(signed_in, LISTED),  # "registered users only" profiles
        *_keepers,  # an unlisted profile stays visible to whoever keeps it
        Grant(moderators),
    ],
    # Content, visibility and listing in the pool: the expert, or the TTO keeping the profile.
    "edit": _keepers,
}
EXPERT_GRANTS["export"] = EXPERT_GRANTS["view"]


class ExpertQuerySet(models.QuerySet["Expert"]):
    def restrict(self, user: AnyUser, action: str) -> ExpertQuerySet:
        return restrict(self, user, EXPERT_GRANTS, action)

    def visible_to(self, user: AnyUser) -> ExpertQuerySet:
        """Public profiles for everyone, registered-only ones for signed-in users."""
        return self.restrict(user, "view")

    def editable_by(self, user: AnyUser) -> ExpertQuerySet:
        """The expert themself, or the TTO that keeps the profile."""
        return self.restrict(user, "edit")
