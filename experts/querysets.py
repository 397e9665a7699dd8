"""Reads for the expert pool, starting with who may see and edit a profile.

The grant table is the contract of docs/permissions.md; accounts/permissions.py explains it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

from accounts.permissions import (
    Grant,
    everyone,
    in_states,
    moderators,
    restrict,
    signed_in,
    the_user,
    tto_of,
)
from accounts.roles import AnyUser

if TYPE_CHECKING:  # the models import these querysets; the reverse is for typing only
    from experts.models import Assessment, Expert  # noqa: F401

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


# --- Assessments ---------------------------------------------------------------------------------
# An assessment belongs to the listing's TTO (who asked) and to the expert (who writes it). A
# published, submitted assessment of a published listing is for the listing's readers — as far
# as they may see the expert's profile, whose name it carries.

_ON_PUBLIC_LISTING = Q(published=True, status="submitted", achievement__status="published")
_listing_tto = tto_of("achievement__institution_id")
_the_expert = the_user("expert__user")
# For an expert without a login, the listing's TTO records the assessment on their behalf.
_WITHOUT_LOGIN = Q(expert__user__isnull=True)

ASSESSMENT_GRANTS: dict[str, list[Grant]] = {
    "view": [
        Grant(
            everyone, _ON_PUBLIC_LISTING & Q(expert__is_active=True, expert__visibility="public")
        ),
        Grant(signed_in, _ON_PUBLIC_LISTING & Q(expert__is_active=True)),
        Grant(_the_expert),
        Grant(_listing_tto),
    ],
    # submit the assessment, or decline to write it
    "answer": [
        Grant(_the_expert, in_states("requested")),
        Grant(_listing_tto, in_states("requested") & _WITHOUT_LOGIN),
    ],
    # show a submitted assessment on the listing's page (or take it off again)
    "publish": [Grant(_listing_tto, in_states("submitted"))],
}


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    ACTIONS = ("view", "answer", "publish")

    def restrict(self, user: AnyUser, action: str) -> AssessmentQuerySet:
        return restrict(self, user, ASSESSMENT_GRANTS, action)

    def visible_to(self, user: AnyUser) -> AssessmentQuerySet:
        """Published ones on public listings for their readers; all to the TTO and expert."""
        return self.restrict(user, "view")

    def submitted(self) -> AssessmentQuerySet:
        return self.filter(status="submitted")

    def shown_on_listing(self, user: AnyUser, listing_id: int) -> AssessmentQuerySet:
        """What a listing's page shows: the published assessments the reader may view; to the
        listing's TTO and the expert also their submitted, unpublished ones (marked so)."""
        return self.visible_to(user).filter(achievement_id=listing_id, status="submitted")


# --- What the expert pool adds to a listing: asking experts to assess it ------------------


def _listing_view() -> list[Grant]:
    from achievements.querysets import ACHIEVEMENT_GRANTS

    return ACHIEVEMENT_GRANTS["view"]


def _listings() -> models.QuerySet[Any]:
    from achievements.models import Achievement

    return Achievement.objects.all()


ASSESSED_LISTING_GRANTS: dict[str, list[Grant]] = {
    "view": _listing_view(),
    # Not for listings that are over (rejected, archived).
    "request_assessment": [
        Grant(
            tto_of("institution_id"),
            in_states("draft", "changes_requested", "submitted", "published"),
        )
    ],
}


class _ListingActions:
    """restrict() over listings with the expert pool's table of actions on them."""

    def restrict(self, user: AnyUser, action: str) -> models.QuerySet[Any]:
        return restrict(_listings(), user, ASSESSED_LISTING_GRANTS, action)

    def visible_to(self, user: AnyUser) -> models.QuerySet[Any]:
        return self.restrict(user, "view")


assessable_listings = _ListingActions()
