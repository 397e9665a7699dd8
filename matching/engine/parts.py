"""The non-text parts of a score: fields, TRL, transfer mode, region. Pure functions.

Each takes the two sides' profiles and returns its share of the score (weights.py), so the
tests can state each rule on its own.
"""

from __future__ import annotations

from matching.engine import weights
from matching.engine.profiles import Profile, parent_fields


def fields_part(a: Profile, b: Profile) -> float:
    """Same field > same parent field (siblings, or a field and its parent) > nothing."""
    if not a.fields or not b.fields:
        return 0.0
    if a.fields & b.fields:
        return weights.FIELD_SAME
    a_family = a.fields | parent_fields(a.fields)
    b_family = b.fields | parent_fields(b.fields)
    if a_family & b_family:
        return weights.FIELD_PARENT
    return 0.0


def trl_part(need: Profile, achievement: Profile) -> float:
    """Full inside the need's range, less per level outside, nothing when either is unknown."""
    low, high, trl = need.trl_min, need.trl_max, achievement.trl
    if trl is None or (low is None and high is None):
        return 0.0
    low = low if low is not None else 1
    high = high if high is not None else 9
    distance = low - trl if trl < low else trl - high if trl > high else 0
    return max(0.0, weights.TRL_INSIDE - weights.TRL_STEP * distance)


def mode_part(need: Profile, achievement: Profile) -> float:
    return weights.MODE if need.modes & achievement.modes else 0.0


def region_part(a: Profile, b: Profile) -> float:
    return weights.REGION if a.region and a.region == b.region else 0.0


def pair_parts(query: Profile, other: Profile) -> dict[str, float]:
    """The parts other than text and feedback for a pair, whichever side is the query."""
    parts = {"fields": fields_part(query, other)}
    kinds = {query.kind, other.kind}
    if kinds == {"need", "achievement"}:
        need, achievement = (query, other) if query.kind == "need" else (other, query)
        parts["trl"] = trl_part(need, achievement)
        parts["mode"] = mode_part(need, achievement)
    parts["region"] = region_part(query, other)
    return parts
