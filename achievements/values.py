"""A listing's values as plain, JSON-safe data: for revisions, import comparison and export.

One vocabulary (the column names of docs/import.md) so that a pending revision, an imported
row and an exported row all compare equal when they mean the same listing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from achievements.models import MATERIAL_FIELDS, Achievement, Patent

PATENT_KEYS = ("jurisdiction", "number", "kind", "status", "filing_date", "grant_date", "title")


def decimal_text(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def date_text(value: dt.date | None) -> str:
    return "" if value is None else value.isoformat()


def patent_values(patent: Patent) -> dict[str, str]:
    return {
        "jurisdiction": patent.jurisdiction,
        "number": patent.number,
        "kind": patent.kind,
        "status": patent.status,
        "filing_date": date_text(patent.filing_date),
        "grant_date": date_text(patent.grant_date),
        "title": patent.title,
    }


def patent_from_values(achievement: Achievement, values: dict[str, str]) -> Patent:
    return Patent(
        achievement=achievement,
        jurisdiction=values["jurisdiction"],
        number=values["number"],
        kind=values["kind"],
        status=values["status"],
        title=values.get("title", ""),
        filing_date=dt.date.fromisoformat(values["filing_date"])
        if values.get("filing_date")
        else None,
        grant_date=dt.date.fromisoformat(values["grant_date"])
        if values.get("grant_date")
        else None,
    )


def sorted_patents(patents: list[dict[str, str]]) -> list[dict[str, str]]:
    return sorted(patents, key=lambda p: (p["jurisdiction"], p["number"]))


def material_values(achievement: Achievement, patents: list[dict[str, str]]) -> dict[str, Any]:
    """The reviewed part of a listing, comparable across live row, revision and import."""
    values: dict[str, Any] = {}
    for name in MATERIAL_FIELDS:
        value = getattr(achievement, name)
        values[name] = decimal_text(value) if name in {"price_min", "price_max"} else value
    values["patents"] = sorted_patents(patents)
    return values


def apply_material_values(achievement: Achievement, values: dict[str, Any]) -> None:
    """Set the material fields of achievement from values (patents are handled by the caller)."""
    for name in MATERIAL_FIELDS:
        if name not in values:
            continue
        value = values[name]
        if name in {"price_min", "price_max"}:
            value = Decimal(value) if value not in ("", None) else None
        setattr(achievement, name, value)
