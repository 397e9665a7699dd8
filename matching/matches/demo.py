"""The matches part of the demo world (manage.py seed_demo), so the demo shows matches.

DEMO DATA, computed by hand — not the match engine's scoring (matching/engine/ owns that).
Each published need is paired with the published listings and public experts it shares an
OECD field with, and the parts are simple fixed weights: shared fields 0.3 × the share of the
need's fields covered, text 0.2 when a keyword is shared, TRL 0.15 when the listing's TRL is in
the need's range, transfer mode 0.1 when a mode is shared, region 0.05 when the need and the
institution are in the same province. The rows carry engine_version 0, so the engine, once it
runs, recomputes them as out of date. Running it again changes nothing.
"""

from __future__ import annotations

from typing import Any

from achievements.models import Achievement
from experts.models import Expert
from matching.matches.models import Match
from needs.models import Need

DEMO_ENGINE_VERSION = 0


def _words(values: list[str]) -> set[str]:
    return {value.casefold() for value in values}


def _parts(need: Need, other: Any, *, fields: set[int], need_fields: set[int]) -> dict[str, float]:
    parts = {"fields": round(0.3 * len(fields) / max(len(need_fields), 1), 4)}
    if _words(need.keywords) & _words(getattr(other, "keywords", []) or []):
        parts["text"] = 0.2
    if isinstance(other, Achievement):
        low, high = need.trl_min or 1, need.trl_max or 9
        if other.trl is not None and low <= other.trl <= high:
            parts["trl"] = 0.15
        if set(need.cooperation_modes) & set(other.transfer_modes):
            parts["mode"] = 0.1
        if need.region and need.region == other.institution.region:
            parts["region"] = 0.05
    return parts


def _save(kind: str, need: Need, parts: dict[str, float], **side: Any) -> None:
    Match.objects.update_or_create(
        kind=kind,
        need=need,
        **side,
        defaults={
            "parts": parts,
            "score": round(sum(parts.values()), 4),
            "engine_version": DEMO_ENGINE_VERSION,
        },
    )


def seed_matches_demo() -> int:
    """Write the demo matches; returns how many there are."""
    listings = list(
        Achievement.objects.filter(status=Achievement.Status.PUBLISHED)
        .select_related("institution")
        .prefetch_related("fields")
    )
    experts = list(
        Expert.objects.filter(is_active=True, visibility="public").prefetch_related("fields")
    )
    for need in Need.objects.filter(status=Need.Status.PUBLISHED).prefetch_related("fields"):
        need_fields = {field.pk for field in need.fields.all()}
        for listing in listings:
            shared = need_fields & {field.pk for field in listing.fields.all()}
            if shared:
                parts = _parts(need, listing, fields=shared, need_fields=need_fields)
                _save(Match.Kind.NEED_ACHIEVEMENT, need, parts, achievement=listing)
        for expert in experts:
            shared = need_fields & {field.pk for field in expert.fields.all()}
            if shared:
                parts = _parts(need, expert, fields=shared, need_fields=need_fields)
                _save(Match.Kind.NEED_EXPERT, need, parts, expert=expert)
    return Match.objects.filter(engine_version=DEMO_ENGINE_VERSION).count()
