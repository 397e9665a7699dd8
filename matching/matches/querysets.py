"""Reads for matches, starting with who may see them.

A match is shown to the people on one of its sides who act on it: the members of the
enterprise whose need it is, and the TTO of the institution whose achievement it is. They see
it only while the other side is visible to them too, so a match never reveals a draft, a
withdrawn listing or a registered-only expert to someone who may not see it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from accounts.roles import AnyUser, is_admin, organization_ids, tto_organization_ids

if TYPE_CHECKING:  # the models import this module; the reverse is for typing only
    from matching.matches.models import Match  # noqa: F401

NEED_ACHIEVEMENT = "need-achievement"
NEED_EXPERT = "need-expert"
ACHIEVEMENT_EXPERT = "achievement-expert"


class MatchQuerySet(models.QuerySet["Match"]):
    def visible_to(self, user: AnyUser) -> MatchQuerySet:
        if is_admin(user):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        from achievements.models import Achievement
        from experts.models import Expert
        from needs.models import Need

        achievements = Achievement.objects.visible_to(user).values("pk")
        experts = Expert.objects.visible_to(user).values("pk")
        needs = Need.objects.visible_to(user).values("pk")
        own_needs = Q(need__organization_id__in=organization_ids(user))
        own_listings = Q(achievement__institution_id__in=tto_organization_ids(user))
        return self.filter(
            (own_needs & Q(kind=NEED_ACHIEVEMENT, achievement__in=achievements))
            | (own_needs & Q(kind=NEED_EXPERT, expert__in=experts))
            | (own_listings & Q(kind=NEED_ACHIEVEMENT, need__in=needs))
            | (own_listings & Q(kind=ACHIEVEMENT_EXPERT, expert__in=experts))
        )
