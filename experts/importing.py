"""Importing expert profiles a TTO keeps, through the listings' import machinery.

A kind of achievements/importing/kinds.py: the same upload, dry run with per-row errors,
confirmation, one-transaction Celery import and report (docs/import.md, "Expert profiles").
Rows are matched to profiles by the TTO's own `external_id`, among the profiles it keeps; a
row whose values equal the profile's changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
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
from achievements.importing.kinds import Importer
from achievements.importing.plan import Plan, Update
from achievements.importing.rows import Record, error
from experts.models import Expert
from portal import audit, search
from portal.models import Field

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
    """Writes a planned batch of profiles kept by the institution, with audit rows, and
    re-indexes them for search (inside the import's transaction)."""

    def __init__(self, *, institution_id: int, actor_id: int | None, job_id: int) -> None:
        self.institution_id = institution_id
        self.actor_id = actor_id
        self.reason = f"import #{job_id}"
        self.field_ids = dict(Field.objects.values_list("code", "id"))

    def write(self, plan: Plan) -> None:
        touched: list[int] = []
        for record in plan.creates:
            values = {**DEFAULTS, **{k: v for k, v in record.values.items() if k in SCALARS}}
            expert = Expert.objects.create(
                managed_by_id=self.institution_id,
                organization_id=self.institution_id,
                external_id=record.external_id,
                **values,
            )
            self._fields(expert, record)
            self._audit(expert, "import_create")
            touched.append(expert.pk)
        for update in plan.updates:
            expert = Expert.objects.get(pk=update.pk)
            for name in SCALARS:
                setattr(expert, name, update.values[name])
            expert.save()
            self._fields(expert, update.record)
            self._audit(expert, "import_update")
            touched.append(expert.pk)
        search.index_objects(Expert, touched)

    def _fields(self, expert: Expert, record: Record) -> None:
        if "fields" in record.values:
            expert.fields.set([self.field_ids[code] for code in record.values["fields"]])

    def _audit(self, expert: Expert, action: str) -> None:
        from accounts.models import User

        actor = User.objects.filter(pk=self.actor_id).first() if self.actor_id else None
        audit.record(actor=actor, target=expert, action=action, reason=self.reason)


def importer() -> Importer:
    return Importer(
        columns=COLUMNS,
        parsers=PARSERS,
        known=known_experts,
        plan_batch=plan_batch,
        writer=ExpertWriter,
        action="keep_expert_profile",
    )
