"""Telling people about new matches: ``notify_new_matches(matches)``.

The engine calls ``matching.engine.hooks.on_new_matches`` with the matches it has just found
for the first time; that hook calls this. For each new need–achievement match scoring at
least ``MATCH_NOTIFY_MIN_SCORE`` (a setting, default 0.5):

- the active members of the need's enterprise hear about the achievement (kind "match",
  reason ``match-need-<need id>``, target the achievement);
- the TTO officers of the achievement's institution hear about the need (reason
  ``match-achievement-<achievement id>``, target the need).

Each notification carries the target's titles, a link to the match's page and a short "why"
in both languages (the strongest parts of the score). Need–expert and achievement–expert
matches are shown in the panels and on "My matches" only: an expert's profile is not news
to send by email, and people asked for listings and needs.

notify() decides the rest — the recipient's delivery preference, digests, the daily email
budget, their language, and uniqueness (a match found again tells nobody twice). Only people
who are shown the match (so may see the target) are told: anyone else is skipped here, before
notify() would refuse.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from accounts.roles import TTO_ROLES
from matching.matches.models import Match
from matching.matches.querysets import NEED_ACHIEVEMENT
from matching.matches.why import summary
from matching.notifications.services import notify
from matching.notifications.targets import payload_for
from matching.notifications.vocabulary import Kind

logger = logging.getLogger(__name__)

DEFAULT_MIN_SCORE = 0.5


def min_score() -> float:
    return float(getattr(settings, "MATCH_NOTIFY_MIN_SCORE", DEFAULT_MIN_SCORE))


def _members(organization_id: int, roles: Iterable[str] | None = None) -> list[User]:
    memberships = Membership.objects.filter(
        organization_id=organization_id, status=Membership.Status.ACTIVE
    )
    if roles is not None:
        memberships = memberships.filter(role__in=sorted(roles))
    return list(
        User.objects.filter(pk__in=memberships.values("user_id"), is_active=True).order_by("pk")
    )


def _payload(match: Match, target: models.Model) -> dict[str, Any]:
    payload: dict[str, Any] = dict(payload_for(target))
    payload["url"] = reverse("match-detail", args=[match.pk])
    payload["score"] = round(match.score, 2)
    for language, key in (("en", "summary_en"), ("zh-hans", "summary_zh")):
        with translation.override(language):
            reasons = summary(match)
            payload[key] = (_("Why: %(reasons)s") % {"reasons": reasons})[:300] if reasons else ""
    return payload


def _tell(recipients: list[User], *, reason: str, match: Match, target: models.Model) -> int:
    told = 0
    payload = _payload(match, target)
    for recipient in recipients:
        # They must be shown the match (their own side live, the other — the target — visible
        # to them), so a match of a draft need or a withdrawn listing is news to nobody.
        if not Match.objects.visible_to(recipient).filter(pk=match.pk).exists():
            continue
        notify(recipient=recipient, kind=Kind.MATCH, reason=reason, target=target, payload=payload)
        told += 1
    return told


def notify_new_matches(matches: list[Match]) -> None:
    """Notify both sides of each new need–achievement match above the threshold."""
    threshold = min_score()
    wanted = [m.pk for m in matches if m.kind == NEED_ACHIEVEMENT and m.score >= threshold]
    if not wanted:
        return
    rows = (
        Match.objects.filter(pk__in=wanted)
        .select_related("need__organization", "achievement__institution")
        .prefetch_related("need__fields", "achievement__fields")
    )
    for match in rows.order_by("-score", "pk"):
        need, achievement = match.need, match.achievement
        if need is None or achievement is None:  # the kind's constraint forbids it
            continue
        told = _tell(
            _members(need.organization_id),
            reason=f"match-need-{need.pk}",
            match=match,
            target=achievement,
        )
        told += _tell(
            _members(achievement.institution_id, TTO_ROLES),
            reason=f"match-achievement-{achievement.pk}",
            match=match,
            target=need,
        )
        if told:
            logger.info("match %s: %s people told", match.pk, told)
