"""Reads for matches, starting with who may see them.

A match is shown to the people on one of its sides who act on it: the members of the
enterprise whose need it is, and the TTO of the institution whose achievement it is. They see
it only while their own side is published and the other side is visible to them too, so a
match never reveals a draft, a withdrawn listing or a registered-only expert to someone who
may not see it, and a match of a listing or need taken off the portal disappears from every
list until it is published again.

The rules are a grant table (``MATCH_GRANTS``), like every other permission-bearing model:
``restrict(user, "view")`` is ``visible_to(user)``; ``restrict(user, "feedback")`` — the
matches a user may mark useful or dismiss — is the same set (whoever is shown a match may
say what they think of it; admins hold every grant).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from accounts.permissions import Grant, restrict
from accounts.roles import AnyUser, organization_ids, tto_organization_ids

if TYPE_CHECKING:  # the models import this module; the reverse is for typing only
    from matching.matches.models import Match  # noqa: F401

NEED_ACHIEVEMENT = "need-achievement"
NEED_EXPERT = "need-expert"
ACHIEVEMENT_EXPERT = "achievement-expert"
PUBLISHED = "published"  # the live state of needs and listings


def _need_side(user: AnyUser) -> Q | None:
    """Members of the need's enterprise, for its published need, if the other side is
    visible to them."""
    own = organization_ids(user)
    if not own:
        return None
    from achievements.models import Achievement
    from experts.models import Expert

    achievements = Achievement.objects.visible_to(user).values("pk")
    experts = Expert.objects.visible_to(user).values("pk")
    return Q(need__organization_id__in=sorted(own), need__status=PUBLISHED) & (
        Q(kind=NEED_ACHIEVEMENT, achievement__in=achievements)
        | Q(kind=NEED_EXPERT, expert__in=experts)
    )


def _listing_side(user: AnyUser) -> Q | None:
    """The TTO of the achievement's institution, for its published listing, if the other
    side is visible to them."""
    own = tto_organization_ids(user)
    if not own:
        return None
    from experts.models import Expert
    from needs.models import Need

    needs = Need.objects.visible_to(user).values("pk")
    experts = Expert.objects.visible_to(user).values("pk")
    return Q(achievement__institution_id__in=sorted(own), achievement__status=PUBLISHED) & (
        Q(kind=NEED_ACHIEVEMENT, need__in=needs) | Q(kind=ACHIEVEMENT_EXPERT, expert__in=experts)
    )


_SIDES = [Grant(_need_side), Grant(_listing_side)]

MATCH_GRANTS: dict[str, list[Grant]] = {
    "view": _SIDES,
    "feedback": _SIDES,
}


class MatchQuerySet(models.QuerySet["Match"]):
    def restrict(self, user: AnyUser, action: str) -> MatchQuerySet:
        return restrict(self, user, MATCH_GRANTS, action)

    def visible_to(self, user: AnyUser) -> MatchQuerySet:
        return self.restrict(user, "view")

    def on_side_of(self, user: AnyUser) -> MatchQuerySet:
        """The matches of the user's own needs and listings ("My matches"): narrower than
        visible_to for admins, who see every match but own none."""
        needs = organization_ids(user)
        listings = tto_organization_ids(user)
        if not needs and not listings:
            return self.none()
        return self.filter(
            Q(need__organization_id__in=sorted(needs), kind__in=[NEED_ACHIEVEMENT, NEED_EXPERT])
            | Q(
                achievement__institution_id__in=sorted(listings),
                kind__in=[NEED_ACHIEVEMENT, ACHIEVEMENT_EXPERT],
            )
        )
