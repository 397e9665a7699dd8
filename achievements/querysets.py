"""Reads for achievements and disclosures, starting with who may see and act on them.

The grant tables are the contract of docs/permissions.md; accounts/permissions.py explains the
grammar. Every page, API endpoint, count, facet, search and export goes through restrict().
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from accounts.permissions import (
    Grant,
    everyone,
    in_states,
    moderators,
    moderators_outside,
    restrict,
    the_user,
    tto_of,
)
from accounts.roles import AnyUser

if TYPE_CHECKING:  # the models import these querysets; the reverse is for typing only
    from achievements.models import Achievement, Disclosure  # noqa: F401

ACHIEVEMENT_GRANTS: dict[str, list[Grant]] = {
    "view": [
        Grant(everyone, in_states("published")),
        Grant(tto_of("institution_id")),
        Grant(moderators, ~in_states("draft")),
    ],
    # A listing under review, rejected or archived is frozen.
    "edit": [Grant(tto_of("institution_id"), in_states("draft", "changes_requested", "published"))],
    "submit": [Grant(tto_of("institution_id"), in_states("draft", "changes_requested"))],
    # approve (→ published), request changes, reject: always with a reason.
    "moderate": [Grant(moderators_outside("institution_id"), in_states("submitted"))],
    "archive": [
        Grant(
            tto_of("institution_id"),
            in_states("draft", "changes_requested", "published", "rejected"),
        ),
        Grant(moderators, in_states("published")),  # a take-down, with a reason
    ],
}
# An export holds exactly what its reader may view; open data is the anonymous view.
ACHIEVEMENT_GRANTS["export"] = ACHIEVEMENT_GRANTS["view"]


def _inventor(user: AnyUser) -> Q | None:
    if not user.is_authenticated:
        return None
    from achievements.models import DisclosureInventor

    # A subquery, not a join: a join through inventors would repeat rows.
    return Q(pk__in=DisclosureInventor.objects.filter(user=user.pk).values("disclosure_id"))


DISCLOSURE_GRANTS: dict[str, list[Grant]] = {
    # Confidential: never the public, moderators, other institutions or other researchers.
    "view": [
        Grant(the_user("submitter")),
        Grant(_inventor),
        Grant(tto_of("institution_id"), ~in_states("draft")),
    ],
    "edit": [Grant(the_user("submitter"), in_states("draft"))],
    "submit": [Grant(the_user("submitter"), in_states("draft"))],
    # start review, accept, decline (with a reason)
    "review": [Grant(tto_of("institution_id"), in_states("submitted", "under_review"))],
    "convert": [Grant(tto_of("institution_id"), in_states("accepted"))],
}
DISCLOSURE_GRANTS["export"] = DISCLOSURE_GRANTS["view"]


class AchievementQuerySet(models.QuerySet["Achievement"]):
    def published(self) -> AchievementQuerySet:
        return self.filter(status="published")

    def restrict(self, user: AnyUser, action: str) -> AchievementQuerySet:
        return restrict(self, user, ACHIEVEMENT_GRANTS, action)

    def visible_to(self, user: AnyUser) -> AchievementQuerySet:
        """Published listings for everyone; the rest to its institution's TTO and moderators."""
        return self.restrict(user, "view")

    def editable_by(self, user: AnyUser) -> AchievementQuerySet:
        """Listings whose content the user may change now (their institution's, not frozen)."""
        return self.restrict(user, "edit")


class DisclosureQuerySet(models.QuerySet["Disclosure"]):
    def restrict(self, user: AnyUser, action: str) -> DisclosureQuerySet:
        return restrict(self, user, DISCLOSURE_GRANTS, action)

    def visible_to(self, user: AnyUser) -> DisclosureQuerySet:
        """Confidential: submitter, inventors, and (once submitted) the institution's TTO."""
        return self.restrict(user, "view")

    def editable_by(self, user: AnyUser) -> DisclosureQuerySet:
        return self.restrict(user, "edit")
