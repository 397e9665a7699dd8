"""Deciding, batch by batch, what each checked row does: create, update, nothing, or a revision.

The same plan serves the dry run (counted, not written) and the import (written in bulk).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from achievements.importing.columns import SCALAR_COLUMNS, money
from achievements.importing.rows import Record, error
from achievements.models import MATERIAL_FIELDS, Achievement, AchievementRevision, Patent
from achievements.values import patent_values, sorted_patents

MATERIAL = set(MATERIAL_FIELDS) | {"patents"}
MONEY = {"price_min", "price_max"}


@dataclass
class Update:
    pk: int
    values: dict[str, Any]  # every scalar column, merged (the row's over the existing)
    changed: set[str]  # columns whose value changes now (scalars and related)
    record: Record


@dataclass
class Revision:
    pk: int
    data: dict[str, Any]
    record: Record


@dataclass
class Plan:
    creates: list[Record] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)
    unchanged: list[Record] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)


def _canonical_scalars(row: dict[str, Any]) -> dict[str, Any]:
    values = {name: row[name] for name in SCALAR_COLUMNS}
    for name in MONEY:
        values[name] = money(values[name])
    return values


def known_listings(institution_id: int) -> dict[str, int]:
    """external_id → pk of the institution's listings, read once per job.

    Batches then fetch the listings they need by primary key: rows the import itself writes
    are invisible to the planner's statistics, so a per-batch lookup by external_id would
    scan ever more of the institution's rows as the import proceeds.
    """
    return dict(
        Achievement.objects.filter(institution_id=institution_id)
        .exclude(external_id="")
        .order_by()
        .values_list("external_id", "id")
    )


def plan_batch(records: list[Record], known: dict[str, int]) -> Plan:
    plan = Plan()
    wanted = [known[r.external_id] for r in records if r.external_id in known]
    existing = (
        {
            row["external_id"]: row
            for row in Achievement.objects.filter(pk__in=wanted)
            .order_by()
            .values("id", "external_id", "status", *SCALAR_COLUMNS)
        }
        if wanted
        else {}
    )
    related = _related(existing, records)
    open_revisions = {
        revision.achievement_id: revision
        for revision in AchievementRevision.objects.filter(
            achievement_id__in=[
                row["id"] for row in existing.values() if row["status"] == "published"
            ],
            status__in=AchievementRevision.OPEN_STATES,
        )
    }
    for record in records:
        row = existing.get(record.external_id)
        if row is None:
            _plan_create(plan, record)
            continue
        current = _canonical_scalars(row)
        for name in ("fields", "patents", "inventors"):
            if name in record.values:
                current[name] = related[name].get(row["id"], [])
        merged = {**current, **record.values}
        problem = _cross_check(merged)
        if problem:
            plan.errors.append(error(record.row, *problem))
            continue
        changed = {name for name in record.values if record.values[name] != current[name]}
        if not changed:
            plan.unchanged.append(record)
            continue
        material = changed & MATERIAL
        if row["status"] == Achievement.Status.PUBLISHED and material:
            data = {name: merged[name] for name in MATERIAL_FIELDS}
            data["patents"] = merged.get("patents", related["patents"].get(row["id"], []))
            revision = open_revisions.get(row["id"])
            waiting = bool(revision and revision.status == "submitted" and revision.data == data)
            if not waiting:
                plan.revisions.append(Revision(pk=row["id"], data=data, record=record))
            changed -= material
            if not changed:
                if waiting:
                    plan.unchanged.append(record)
                continue
        plan.updates.append(Update(pk=row["id"], values=merged, changed=changed, record=record))
    return plan


def _plan_create(plan: Plan, record: Record) -> None:
    values = record.values
    if not (values.get("title_zh") or values.get("title_en")):
        plan.errors.append(
            error(
                record.row,
                "title_zh/title_en",
                _("a new listing needs a title in at least one language"),
            )
        )
        return
    problem = _cross_check(values)
    if problem:
        plan.errors.append(error(record.row, *problem))
        return
    plan.creates.append(record)


def _cross_check(values: dict[str, Any]) -> tuple[str, str] | None:
    if (
        "title_zh" in values
        and "title_en" in values
        and not (values["title_zh"] or values["title_en"])
    ):
        return "title_zh/title_en", _("a listing needs a title in at least one language")
    low, high = values.get("price_min") or "", values.get("price_max") or ""
    if low and high and Decimal(low) > Decimal(high):
        return "price_min", _("is higher than price_max")
    return None


def _related(
    existing: dict[str, dict[str, Any]], records: list[Record]
) -> dict[str, dict[int, Any]]:
    """Current fields, patents and inventors of existing listings, only for columns present."""
    present = set().union(*(record.values.keys() for record in records)) if records else set()
    ids = [row["id"] for row in existing.values()]
    result: dict[str, dict[int, Any]] = {"fields": {}, "patents": {}, "inventors": {}}
    if not ids:
        return result
    if "fields" in present:
        codes: dict[int, list[str]] = defaultdict(list)
        through = Achievement.fields.through.objects.filter(achievement_id__in=ids)
        for achievement_id, code in through.values_list("achievement_id", "field__code"):
            codes[achievement_id].append(code)
        result["fields"] = {pk: sorted(value) for pk, value in codes.items()}
    if "patents" in present or any(row["status"] == "published" for row in existing.values()):
        patents: dict[int, list[dict[str, str]]] = defaultdict(list)
        for patent in Patent.objects.filter(achievement_id__in=ids):
            patents[patent.achievement_id].append(patent_values(patent))
        result["patents"] = {pk: sorted_patents(value) for pk, value in patents.items()}
    if "inventors" in present:
        names: dict[int, list[str]] = defaultdict(list)
        from achievements.models import AchievementInventor

        for achievement_id, name in AchievementInventor.objects.filter(
            achievement_id__in=ids
        ).values_list("achievement_id", "name"):
            names[achievement_id].append(name)
        result["inventors"] = dict(names)
    return result
