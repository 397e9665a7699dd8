"""Why a match was found: its score's named parts as sentences a person can read.

The engine stores ``Match.parts`` as numbers ({"text": 0.41, "fields": 0.2, …}) whose sum is
the score. Here each part becomes a line in the reader's language, with what the two sides
share ("Shared field: Materials engineering", "TRL 6 within the range sought, 5–7") and its
share of the score, for the bars of the match panel. Parts the engine adds later and this
module does not know yet are shown under their own name rather than hidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from matching.matches.models import Match
from portal.vocabulary import Region, TransferMode

# The order in which the parts are explained: the strongest kinds of evidence first.
ORDER = ["fields", "text", "trl", "mode", "region", "feedback"]


@dataclass(frozen=True)
class Reason:
    name: str  # the part's name in Match.parts
    label: str  # "Shared field", in the reader's language
    detail: str  # "Materials engineering"; may be empty
    value: float  # the part's contribution to the score (negative for "feedback")
    percent: int  # its share of the positive parts, 0–100 (0 for negative parts)

    @property
    def lowers(self) -> bool:
        return self.value < 0


def _labels() -> dict[str, str]:
    return {
        "text": _("Text relevance"),
        "fields": _("Shared field"),
        "trl": _("Technology readiness"),
        "mode": _("Transfer mode"),
        "region": _("Region"),
        "feedback": _("Lowered by your earlier dismissals"),
    }


def _field_names(side: Any) -> dict[int, str]:
    if side is None:
        return {}
    return {field.pk: field.name for field in side.fields.all()}


def _shared_fields(match: Match) -> str:
    sides = [side for side in (match.need, match.achievement, match.expert) if side is not None]
    if len(sides) != 2:
        return ""
    first, second = (_field_names(side) for side in sides)
    return ", ".join(sorted(first[pk] for pk in first.keys() & second.keys()))


def _trl(match: Match) -> str:
    need, achievement = match.need, match.achievement
    if achievement is None or achievement.trl is None:
        return ""
    if need is None or (need.trl_min is None and need.trl_max is None):
        return _("TRL %(trl)s") % {"trl": achievement.trl}
    low, high = need.trl_min or 1, need.trl_max or 9
    if low <= achievement.trl <= high:
        return _("TRL %(trl)s within the range sought, %(low)s–%(high)s") % {
            "trl": achievement.trl,
            "low": low,
            "high": high,
        }
    return _("TRL %(trl)s, the range sought is %(low)s–%(high)s") % {
        "trl": achievement.trl,
        "low": low,
        "high": high,
    }


def _modes(match: Match) -> str:
    need, achievement = match.need, match.achievement
    if need is None or achievement is None:
        return ""
    shared = sorted(set(need.cooperation_modes) & set(achievement.transfer_modes))
    return ", ".join(str(TransferMode(mode).label) for mode in shared if mode in TransferMode)


def _region(match: Match) -> str:
    need = match.need
    if need is None or not need.region or need.region not in Region:
        return ""
    return str(Region(need.region).label)


def _detail(name: str, match: Match) -> str:
    if name == "fields":
        return _shared_fields(match)
    if name == "trl":
        return _trl(match)
    if name == "mode":
        return _modes(match)
    if name == "region":
        return _region(match)
    return ""


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def explain(match: Match) -> list[Reason]:
    """The match's parts as reasons, in the active language, strongest kinds first.

    Zero parts are left out (they explain nothing); a part that is not a number is ignored.
    """
    parts = match.parts if isinstance(match.parts, dict) else {}
    values = {name: v for name, raw in parts.items() if (v := _number(raw)) is not None and v}
    positive = sum(v for v in values.values() if v > 0) or 1.0
    labels = _labels()
    names = sorted(values, key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))
    return [
        Reason(
            name=name,
            label=labels.get(name, name),
            detail=_detail(name, match),
            value=values[name],
            percent=round(100 * values[name] / positive) if values[name] > 0 else 0,
        )
        for name in names
    ]


def summary(match: Match, limit: int = 3) -> str:
    """One line of the strongest reasons ("Shared field: Materials engineering · TRL 6 …"),
    for notifications."""
    reasons = [reason for reason in explain(match) if not reason.lowers]
    reasons.sort(key=lambda reason: -reason.value)
    return " · ".join(
        f"{reason.label}: {reason.detail}" if reason.detail else reason.label
        for reason in reasons[:limit]
    )
