"""Importing expert profiles a TTO keeps, through the listings' import machinery.

A kind of achievements/importing/kinds.py: the same upload, dry run with per-row errors,
confirmation, one-transaction Celery import and report (docs/import.md, "Expert profiles").
Rows are matched to profiles by the TTO's own `external_id`, among the profiles it keeps; a
row whose values equal the profile's changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _

from achievements.importing.columns import (
    KEY,
    CellError,
    _items,
    boolean,
    keywords,
    long_text,
    short_text,
)
from achievements.importing.fast_insert import insert_rows
from achievements.importing.kinds import Importer
from achievements.importing.plan import Plan, Update
from achievements.importing.rows import Record, error
from experts.models import Expert
from portal import search
from portal.models import AuditLogEntry, Field

LANGUAGES = {code for code, _name in settings.LANGUAGES}
VISIBILITIES = {value for value, _label in Expert.Visibility.choices}


def languages(value: Any) -> list[str]:
    items = [item.lower() for item in _items(value)]
    for item in items:
        if item not in LANGUAGES:
            raise CellError(
                _("language “%(value)s” is not one of: %(allowed)s")
                % {"value": item, "allowed": ", ".join(sorted(LANGUAGES))}
            )
    return sorted(set(items))


def visibility(value: Any) -> str:
    text = str(value or "").strip().lower() or Expert.Visibility.PUBLIC
    if text not in VISIBILITIES:
        raise CellError(
            _("“%(value)s” is not one of: %(allowed)s")
            % {"value": text, "allowed": ", ".join(sorted(VISIBILITIES))}
        )
    return text


def _flag(default: bool) -> Any:
    def parse(value: Any) -> bool:
        return default if value is None or value == "" else boolean(value)

    return parse


PARSERS = {
    "name_zh": short_text("name_zh", Expert),
    "name_en": short_text("name_en", Expert),
    "title": short_text("title", Expert),
    "keywords": keywords,
    "bio": long_text,
    "publications": long_text,
    "patents": long_text,
    "languages": languages,
    "available_for_consulting": _flag(False),
    "available_for_evaluation": _flag(True),
    "available_for_mentoring": _flag(False),
    "visibility": visibility,
    "is_active": _flag(True),
}
COLUMNS = [KEY, *PARSERS.keys(), "fields"]
SCALARS = list(PARSERS)
DEFAULTS: dict[str, Any] = {
    "name_zh": "",
    "name_en": "",
    "title": "",
    "keywords": [],
    "bio": "",
    "publications": "",
    "patents": "",
    "languages": [],
    "available_for_consulting": False,
    "available_for_evaluation": True,
    "available_for_mentoring": False,
    "visibility": Expert.Visibility.PUBLIC,
    "is_active": True,
}


def known_experts(institution_id: int) -> dict[str, int]:
    """external_id → pk of the profiles the institution keeps."""
    return dict(
        Expert.objects.filter(managed_by_id=institution_id)
        .exclude(external_id="")
        .order_by()
        .values_list("external_id", "id")
    )


def plan_batch(records: list[Record], known: dict[str, int]) -> Plan:
    plan = Plan()
    wanted = [known[r.external_id] for r in records if r.external_id in known]
    existing = {
        row["id"]: row for row in Expert.objects.filter(pk__in=wanted).values("id", *SCALARS)
    }
    codes: dict[int, list[str]] = {}
    for owner, code in Field.objects.filter(experts__in=wanted).values_list("experts", "code"):
        codes.setdefault(owner, []).append(code)
    for record in records:
        found = known.get(record.external_id)
        if found is None:
            merged = {**DEFAULTS, **{k: v for k, v in record.values.items() if k in SCALARS}}
            if not (merged["name_zh"] or merged["name_en"]):
                plan.errors.append(
                    error(record.row, "name_en", _("give a name in Chinese, in English, or both"))
                )
                continue
            plan.creates.append(record)
            continue
        pk = found
        current = existing[pk]
        merged = {**{k: current[k] for k in SCALARS}, **record.values}
        merged.pop("fields", None)
        changed = {k for k in SCALARS if merged[k] != current[k]}
        if "fields" in record.values and record.values["fields"] != sorted(codes.get(pk, [])):
            changed.add("fields")
        if not (merged["name_zh"] or merged["name_en"]):
            plan.errors.append(
                error(record.row, "name_en", _("give a name in Chinese, in English, or both"))
            )
        elif changed:
            plan.updates.append(Update(pk=pk, values=merged, changed=changed, record=record))
        else:
            plan.unchanged.append(record)
    return plan


class ExpertWriter:
    """Writes a planned batch of profiles kept by the institution with bulk statements (no
    save() per row), with audit rows, and re-indexes them for search, inside the import's
    transaction."""

    def __init__(self, *, institution_id: int, actor_id: int | None, job_id: int) -> None:
        self.institution_id = institution_id
        self.actor_id = actor_id
        self.reason = f"import #{job_id}"
        self.field_ids = dict(Field.objects.values_list("code", "id"))
        self.content_type = ContentType.objects.get_for_model(Expert)

    def write(self, plan: Plan) -> None:
        created = insert_rows(
            Expert,
            [
                {
                    "managed_by_id": self.institution_id,
                    "organization_id": self.institution_id,
                    "external_id": record.external_id,
                    **DEFAULTS,
                    **{k: v for k, v in record.values.items() if k in SCALARS},
                }
                for record in plan.creates
            ],
        )
        now = timezone.now()
        updated = [
            Expert(pk=u.pk, updated_at=now, **{k: u.values[k] for k in SCALARS})
            for u in plan.updates
        ]
        # Only the columns some row changes: each one is a CASE over the batch.
        changed = sorted({name for u in plan.updates for name in u.changed if name in SCALARS})
        if updated:
            Expert.objects.bulk_update(updated, [*changed, "updated_at"])
        records = [
            *zip(created, plan.creates, strict=True),
            *((u.pk, u.record) for u in plan.updates),
        ]
        with_fields = [(pk, r) for pk, r in records if "fields" in r.values]
        through = Expert.fields.through
        through.objects.filter(expert_id__in=[pk for pk, _r in with_fields]).delete()
        through.objects.bulk_create(
            [
                through(expert_id=pk, field_id=self.field_ids[code])
                for pk, record in with_fields
                for code in record.values["fields"]
            ]
        )
        insert_rows(
            AuditLogEntry,
            [self._audit(pk, "import_create") for pk in created]
            + [self._audit(u.pk, "import_update") for u in plan.updates],
        )
        search.index_objects(Expert, [pk for pk, _record in records])

    def _audit(self, pk: int, action: str) -> dict[str, Any]:
        return {
            "actor_id": self.actor_id,
            "content_type_id": self.content_type.pk,
            "object_id": pk,
            "action": action,
            "from_state": "",
            "to_state": "",
            "reason": self.reason,
        }


def importer() -> Importer:
    return Importer(
        columns=COLUMNS,
        parsers=PARSERS,
        known=known_experts,
        plan_batch=plan_batch,
        writer=ExpertWriter,
        action="keep_expert_profile",
    )
