"""Relevance: how a listing scores for a query, and the cheap way to find the best ones.

A query is a list of units (see query.py). For each unit a listing is in one *tier*: the
unit matches its title (weight 1.0), else its keywords (0.5), else only its summary or body
(0.2). The score is the sum over units of idf(unit) × weight(tier): field weights first, rare
words counting more than common ones. Ties (very common among listings matching a single
word in the title) are broken by the listing's prior (freshness plus completeness, see
documents.py), then by id. Everything is decimal arithmetic, so the score computed in SQL
and the one computed here for a tier combination are identical.

Why tiers: for a common word the set of matching listings is huge (`system` matches two
thirds of the catalogue), and any engine that ranks by a per-row formula must read every
one of them. Here the possible scores are few (3 tiers per unit), each combination of tiers
is a plain index condition, and within a combination the order is the prior index, so the
top listings are read directly, in order, and the reading stops after the page is full.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TIER_WEIGHTS = (Decimal("1.0"), Decimal("0.5"), Decimal("0.2"))
TIER_NAMES = ("title", "keywords", "text")
MAX_SCORED_UNITS = 4  # beyond four units the rest must match but do not change the score


def idf(document_frequency: float, total: float) -> Decimal:
    """Inverse document frequency, rounded to hundredths so that scores stay decimal."""
    value = math.log(1 + (total + 1) / (document_frequency + 1))
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Combination:
    tiers: tuple[int, ...]
    score: Decimal


def combinations(idfs: list[Decimal]) -> list[Combination]:
    """Every tier combination of the scored units, best score first."""
    made = [
        Combination(
            tiers, sum((w * TIER_WEIGHTS[t] for w, t in zip(idfs, tiers, strict=True)), Decimal(0))
        )
        for tiers in itertools.product(range(len(TIER_WEIGHTS)), repeat=len(idfs))
    ]
    made.sort(key=lambda combination: (-combination.score, combination.tiers))
    return made


def combination_code(tiers: tuple[int, ...]) -> int:
    """The number the SQL tier expression gives a combination (base 3, unit 0 lowest)."""
    return sum(tier * 3**position for position, tier in enumerate(tiers))


def tier_sql(unit_param: str) -> str:
    """SQL: the tier (0, 1, 2) of the unit whose tsquery is the named parameter."""
    return (
        f"(CASE WHEN d.tsv_title @@ %({unit_param})s::tsquery THEN 0"
        f" WHEN d.tsv_keywords @@ %({unit_param})s::tsquery THEN 1 ELSE 2 END)"
    )


def code_sql(unit_params: list[str]) -> str:
    """SQL: the combination code of a row."""
    if not unit_params:
        return "0"
    return " + ".join(f"{3**i} * {tier_sql(p)}" for i, p in enumerate(unit_params))


def score_sql(unit_params: list[str], idf_params: list[str]) -> str:
    """SQL: the score of a row (numeric, equal to Combination.score for its tiers)."""
    if not unit_params:
        return "0::numeric"
    terms = []
    for unit, weight in zip(unit_params, idf_params, strict=True):
        terms.append(
            f"%({weight})s::numeric * (CASE WHEN d.tsv_title @@ %({unit})s::tsquery THEN 1.0"
            f" WHEN d.tsv_keywords @@ %({unit})s::tsquery THEN 0.5 ELSE 0.2 END)"
        )
    return "(" + " + ".join(terms) + ")"


def condition_sql(tiers: tuple[int, ...], unit_params: list[str]) -> str:
    """SQL: the row's units are in exactly these tiers (the base query ensures they match)."""
    parts = []
    for tier, unit in zip(tiers, unit_params, strict=True):
        title = f"d.tsv_title @@ %({unit})s::tsquery"
        keywords = f"d.tsv_keywords @@ %({unit})s::tsquery"
        if tier == 0:
            parts.append(title)
        elif tier == 1:
            parts.append(f"{keywords} AND NOT {title}")
        else:
            parts.append(f"NOT {title} AND NOT {keywords}")
    return "(" + " AND ".join(parts) + ")" if parts else "TRUE"
