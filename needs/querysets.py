"""Reads for enterprise technology needs, starting with who may see and act on them.

The grant table is the contract of docs/permissions.md; accounts/permissions.py explains it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import models

from accounts.permissions import (
    Grant,
    everyone,
    in_states,
    members_of,
    moderators,
    moderators_outside,
    restrict,
)
from accounts.roles import AnyUser

if TYPE_CHECKING:  # the models import these querysets; the reverse is for typing only
    from needs.models import Need  # noqa: F401

NEED_GRANTS: dict[str, list[Grant]] = {
    "view": [
        Grant(everyone, in_states("published")),
        Grant(members_of("organization_id")),
        Grant(moderators, ~in_states("draft")),
    ],
    "edit": [
        Grant(members_of("organization_id"), in_states("draft", "changes_requested", "published"))
    ],
    "submit": [Grant(members_of("organization_id"), in_states("draft", "changes_requested"))],
    # Back to draft: out of the queue (submitted) or to rework it quietly (changes requested).
    "withdraw": [Grant(members_of("organization_id"), in_states("submitted", "changes_requested"))],
    "moderate": [Grant(moderators_outside("organization_id"), in_states("submitted"))],
    # published → closed or fulfilled; expiry past the deadline is the system's, not a user's.
    "close": [Grant(members_of("organization_id"), in_states("published"))],
    # An upheld abuse report: a moderator from outside the enterprise closes it, with a reason.
    "take_down": [Grant(moderators_outside("organization_id"), in_states("published"))],
    # The audit log page: the enterprise's members and the moderators, never the public.
    "history": [
        Grant(members_of("organization_id")),
        Grant(moderators, ~in_states("draft")),
    ],
}
NEED_GRANTS["export"] = NEED_GRANTS["view"]


class NeedQuerySet(models.QuerySet["Need"]):
    def published(self) -> NeedQuerySet:
        return self.filter(status="published")

    def restrict(self, user: AnyUser, action: str) -> NeedQuerySet:
        return restrict(self, user, NEED_GRANTS, action)

    def visible_to(self, user: AnyUser) -> NeedQuerySet:
        """Published needs for everyone; the rest to the enterprise's members and moderators."""
        return self.restrict(user, "view")

    def editable_by(self, user: AnyUser) -> NeedQuerySet:
        return self.restrict(user, "edit")

    def moderatable_by(self, user: AnyUser) -> NeedQuerySet:
        return self.restrict(user, "moderate")

    def past_deadline(self, today: dt.date) -> NeedQuerySet:
        """Published needs whose last day (the deadline) is before today: due to expire."""
        return self.filter(status="published", deadline__lt=today)
