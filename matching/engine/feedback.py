"""Dismissals lower similar future matches for the organisation that dismissed them.

The source side's organisation (a need's enterprise, an achievement's institution) is the
scope: its members' dismissals of matches of any of its needs (or listings) count for all of
them. Each reason says what to lower (weights.py has the amounts):

* already known — that very item, for every need (or listing) of the organisation;
* wrong field — items sharing a field of a dismissed item (fields the source itself names
  excepted);
* too early — achievements at or below the TRL of one dismissed as too early;
* not relevant — items whose title shares words with dismissed items' titles, in proportion.

Experts see no matches of their own, so an expert's list has no feedback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from accounts.models import Membership
from matching.engine import weights
from matching.engine.profiles import Profile, load
from matching.matches.models import Match, MatchFeedback
from portal import search

# (source kind, target kind) → the match kind, and the side of the match that is the source.
SCOPES = {
    ("need", "achievement"): (Match.Kind.NEED_ACHIEVEMENT, "need__organization_id"),
    ("need", "expert"): (Match.Kind.NEED_EXPERT, "need__organization_id"),
    ("achievement", "need"): (Match.Kind.NEED_ACHIEVEMENT, "achievement__institution_id"),
    ("achievement", "expert"): (Match.Kind.ACHIEVEMENT_EXPERT, "achievement__institution_id"),
}


@dataclass
class Penalties:
    known: set[int] = field(default_factory=set)
    wrong_fields: set[int] = field(default_factory=set)
    too_early_trl: int | None = None
    irrelevant_words: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(
            self.known
            or self.wrong_fields
            or self.too_early_trl is not None
            or self.irrelevant_words
        )

    def penalty(self, candidate: Profile, title_words: set[str]) -> float:
        total = 0.0
        if candidate.id in self.known:
            total += weights.FEEDBACK_ALREADY_KNOWN
        if candidate.fields & self.wrong_fields:
            total += weights.FEEDBACK_WRONG_FIELD
        if (
            self.too_early_trl is not None
            and candidate.trl is not None
            and candidate.trl <= self.too_early_trl
        ):
            total += weights.FEEDBACK_TOO_EARLY
        if self.irrelevant_words and title_words:
            share = len(title_words & self.irrelevant_words) / len(title_words)
            total += weights.FEEDBACK_NOT_RELEVANT * share
        return max(weights.FEEDBACK_FLOOR, round(total, 4))


def penalties_for(source: Profile, target: str) -> Penalties:
    """What the source organisation's members dismissed among matches of this kind."""
    scope = SCOPES.get((source.kind, target))
    penalties = Penalties()
    if scope is None or source.organization_id is None:
        return penalties
    match_kind, organization_path = scope
    members = Membership.objects.filter(
        organization_id=source.organization_id, status=Membership.Status.ACTIVE
    ).values("user_id")
    dismissals = (
        MatchFeedback.objects.filter(
            verdict=MatchFeedback.Verdict.DISMISSED,
            match__kind=match_kind,
            user_id__in=members,
            **{f"match__{organization_path}": source.organization_id},
        )
        .values_list(f"match__{target}_id", "reason")
        .distinct()
    )
    by_reason: dict[str, set[int]] = {}
    for target_id, reason in dismissals:
        by_reason.setdefault(reason, set()).add(target_id)
    if not by_reason:
        return penalties
    penalties.known = by_reason.get(MatchFeedback.Reason.ALREADY_KNOWN, set())
    dismissed = load(target, set().union(*by_reason.values()))
    wrong = _profiles(dismissed, by_reason.get(MatchFeedback.Reason.WRONG_FIELD, ()))
    penalties.wrong_fields = set().union(*(p.fields for p in wrong)) - source.fields
    early = [
        p.trl
        for p in _profiles(dismissed, by_reason.get(MatchFeedback.Reason.TOO_EARLY, ()))
        if p.trl is not None
    ]
    penalties.too_early_trl = max(early) if early else None
    irrelevant = by_reason.get(MatchFeedback.Reason.NOT_RELEVANT, set())
    if irrelevant:
        words = search.title_terms(target, irrelevant)
        penalties.irrelevant_words = set().union(*words.values()) if words else set()
    return penalties


def _profiles(profiles: dict[int, Profile], ids: Iterable[int]) -> list[Profile]:
    return [profiles[i] for i in ids if i in profiles]
