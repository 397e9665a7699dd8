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
    from achievements.models import (  # noqa: F401
        Achievement,
        AchievementFile,
        Disclosure,
        ImportJob,
    )


def _with_submitted_revision() -> Q:
    """Published listings whose material edit waits for review (a subquery: no repeated rows)."""
    from achievements.models import AchievementRevision

    return Q(
        status="published",
        pk__in=AchievementRevision.objects.filter(status="submitted").values("achievement_id"),
    )


def _submitted_or_revised() -> Q:
    return in_states("submitted") | _with_submitted_revision()


ACHIEVEMENT_GRANTS: dict[str, list[Grant]] = {
    "view": [
        Grant(everyone, in_states("published")),
        Grant(tto_of("institution_id")),
        Grant(moderators, ~in_states("draft")),
    ],
    # A listing under review, rejected or archived is frozen.
    "edit": [Grant(tto_of("institution_id"), in_states("draft", "changes_requested", "published"))],
    "submit": [Grant(tto_of("institution_id"), in_states("draft", "changes_requested"))],
    # approve (→ published), request changes, reject: always with a reason; a submitted
    # listing, or the submitted revision of a published one.
    "moderate": [Grant(moderators_outside("institution_id"), _submitted_or_revised)],
    "archive": [
        Grant(
            tto_of("institution_id"),
            in_states("draft", "changes_requested", "published", "rejected"),
        ),
        Grant(moderators, in_states("published")),  # a take-down, with a reason
    ],
    # The history page (the audit log of the listing): the people who act on it.
    "history": [Grant(tto_of("institution_id")), Grant(moderators, ~in_states("draft"))],
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
    ACTIONS = ("view", "export", "edit", "submit", "moderate", "archive", "history")

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

    def moderatable_by(self, user: AnyUser) -> AchievementQuerySet:
        return self.restrict(user, "moderate")


def _document_access_holders(user: AnyUser) -> Q | None:
    """Holders of an approved, unexpired, unrevoked document request for the listing."""
    from deals.querysets import document_access_holders  # deals builds on achievements

    return document_access_holders(user, "achievement_id")


# Files of a listing the user may view: public ones for every such reader; confidential ones to
# the listing's TTO and to moderators, who judge the listing as a whole, and to people the TTO
# granted the listing's documents (deals: an approved document request, docs/deals.md).
FILE_GRANTS: dict[str, list[Grant]] = {
    "view": [
        Grant(everyone, Q(is_public=True)),
        Grant(tto_of("achievement__institution_id")),
        Grant(moderators),
        Grant(_document_access_holders),
    ],
}


class AchievementFileQuerySet(models.QuerySet["AchievementFile"]):
    def restrict(self, user: AnyUser, action: str) -> AchievementFileQuerySet:
        """Only files of listings the user may view, then the file's own grants."""
        from achievements.models import Achievement

        of_visible_listings = self.filter(achievement__in=Achievement.objects.visible_to(user))
        return restrict(of_visible_listings, user, FILE_GRANTS, action)

    def visible_to(self, user: AnyUser) -> AchievementFileQuerySet:
        return self.restrict(user, "view")


class DisclosureQuerySet(models.QuerySet["Disclosure"]):
    ACTIONS = ("view", "export", "edit", "submit", "review", "convert")

    def restrict(self, user: AnyUser, action: str) -> DisclosureQuerySet:
        return restrict(self, user, DISCLOSURE_GRANTS, action)

    def visible_to(self, user: AnyUser) -> DisclosureQuerySet:
        """Confidential: submitter, inventors, and (once submitted) the institution's TTO."""
        return self.restrict(user, "view")

    def editable_by(self, user: AnyUser) -> DisclosureQuerySet:
        return self.restrict(user, "edit")


# Import jobs, with their files and reports, belong to the institution's TTO.
IMPORT_JOB_GRANTS: dict[str, list[Grant]] = {"view": [Grant(tto_of("institution_id"))]}


class ImportJobQuerySet(models.QuerySet["ImportJob"]):
    def restrict(self, user: AnyUser, action: str) -> ImportJobQuerySet:
        return restrict(self, user, IMPORT_JOB_GRANTS, action)

    def visible_to(self, user: AnyUser) -> ImportJobQuerySet:
        return self.restrict(user, "view")
