"""Carrying out a batch plan with bulk statements: no save() per row."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from achievements.importing.columns import SCALAR_COLUMNS
from achievements.importing.fast_insert import insert_rows
from achievements.importing.plan import MONEY, Plan
from achievements.models import (
    Achievement,
    AchievementInventor,
    AchievementRevision,
    Patent,
)
from achievements.values import patent_from_values
from portal import search
from portal.models import AuditLogEntry, Field


def _model_value(name: str, value: Any) -> Any:
    if name in MONEY:
        return Decimal(value) if value else None
    return value


class BatchWriter:
    """Writes one planned batch. Everything a batch changes is known here (created pks,
    updated pks), so per-row derived data such as search vectors can be refreshed with one
    set-based statement per batch, inside the import's transaction."""

    def __init__(self, *, institution_id: int, actor_id: int | None, job_id: int) -> None:
        self.institution_id = institution_id
        self.actor_id = actor_id
        self.reason = f"import #{job_id}"
        self.field_ids = dict(Field.objects.values_list("code", "id"))
        self.content_type = ContentType.objects.get_for_model(Achievement)

    def write(self, plan: Plan) -> None:
        now = timezone.now()
        audit: list[dict[str, Any]] = []
        created = self._create(plan, now)
        audit += [self._audit(pk, "import_create", "", Achievement.Status.DRAFT) for pk in created]
        self._update(plan, now)
        audit += [self._audit(u.pk, "import_update", "", "") for u in plan.updates]
        for revision in plan.revisions:
            self._revise(revision.pk, revision.data, now)
            audit.append(self._audit(revision.pk, "revision_submit", "", "submitted"))
        insert_rows(AuditLogEntry, audit)
        # Revisions wait for review: only rows whose own values changed are re-indexed.
        search.index_objects(Achievement, [*created, *(u.pk for u in plan.updates)])

    def _audit(self, pk: int, action: str, from_state: str, to_state: str) -> dict[str, Any]:
        return {
            "actor_id": self.actor_id,
            "content_type_id": self.content_type.pk,
            "object_id": pk,
            "action": action,
            "from_state": from_state,
            "to_state": to_state,
            "reason": self.reason,
        }

    def _create(self, plan: Plan, now: Any) -> list[int]:
        rows = [
            {
                "institution_id": self.institution_id,
                "created_by_id": self.actor_id,
                "external_id": record.external_id,
                "status": Achievement.Status.DRAFT,
                **{
                    name: _model_value(name, record.values[name])
                    for name in SCALAR_COLUMNS
                    if name in record.values
                },
            }
            for record in plan.creates
        ]
        pks = insert_rows(Achievement, rows)
        related = {pk: record.values for pk, record in zip(pks, plan.creates, strict=True)}
        self._replace_related(related, delete=False)
        return pks

    def _update(self, plan: Plan, now: Any) -> None:
        columns = set().union(*(u.changed for u in plan.updates)) & set(SCALAR_COLUMNS)
        if columns:
            listings = [
                Achievement(
                    pk=u.pk,
                    updated_at=now,
                    **{name: _model_value(name, u.values[name]) for name in columns},
                )
                for u in plan.updates
                if u.changed & columns
            ]
            Achievement.objects.bulk_update(listings, [*sorted(columns), "updated_at"])
        related = {
            u.pk: {name: u.values[name] for name in u.changed if name not in SCALAR_COLUMNS}
            for u in plan.updates
        }
        self._replace_related({pk: v for pk, v in related.items() if v}, delete=True)

    def _replace_related(self, values_by_pk: dict[int, dict[str, Any]], *, delete: bool) -> None:
        through = Achievement.fields.through
        with_fields = {pk: v["fields"] for pk, v in values_by_pk.items() if "fields" in v}
        with_patents = {pk: v["patents"] for pk, v in values_by_pk.items() if "patents" in v}
        with_inventors = {pk: v["inventors"] for pk, v in values_by_pk.items() if "inventors" in v}
        if delete:
            through.objects.filter(achievement_id__in=with_fields).delete()
            Patent.objects.filter(achievement_id__in=with_patents).delete()
            AchievementInventor.objects.filter(achievement_id__in=with_inventors).delete()
        through.objects.bulk_create(
            through(achievement_id=pk, field_id=self.field_ids[code])
            for pk, codes in with_fields.items()
            for code in codes
        )
        Patent.objects.bulk_create(
            patent_from_values(Achievement(pk=pk), patent)
            for pk, patents in with_patents.items()
            for patent in patents
        )
        AchievementInventor.objects.bulk_create(
            AchievementInventor(achievement_id=pk, name=name, position=position)
            for pk, names in with_inventors.items()
            for position, name in enumerate(names)
        )

    def _revise(self, pk: int, data: dict[str, Any], now: Any) -> None:
        """Material changes to a published listing wait for review, like an editor's would."""
        open_states = AchievementRevision.OPEN_STATES
        updated = AchievementRevision.objects.filter(
            achievement_id=pk, status__in=open_states
        ).update(
            data=data, status=AchievementRevision.Status.SUBMITTED, submitted_at=now, updated_at=now
        )
        if not updated:
            AchievementRevision.objects.create(
                achievement_id=pk,
                data=data,
                status=AchievementRevision.Status.SUBMITTED,
                submitted_at=now,
                created_by_id=self.actor_id,
            )
