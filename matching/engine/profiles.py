"""What the engine knows of a listing besides its text: fields, TRL, modes, region.

Loaded in one query per kind for a list of ids. Only the public facts of a listing are read
(the same ones its public page and the search facets show).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import F, Q


@dataclass(frozen=True)
class Profile:
    kind: str  # "need", "achievement", "expert"
    id: int
    organization_id: int | None
    fields: frozenset[int] = field(default_factory=frozenset)
    trl: int | None = None  # an achievement's TRL
    trl_min: int | None = None  # a need's wanted range
    trl_max: int | None = None
    modes: frozenset[str] = field(default_factory=frozenset)
    region: str = ""


@lru_cache(maxsize=1)
def _field_parents() -> dict[int, int | None]:
    from portal.models import Field

    return dict(Field.objects.values_list("id", "parent_id"))


def forget_taxonomy() -> None:
    _field_parents.cache_clear()


def parent_fields(ids: Iterable[int]) -> frozenset[int]:
    parents = _field_parents()
    missing = [i for i in ids if i not in parents]
    if missing:  # a field added since the cache was filled
        _field_parents.cache_clear()
        parents = _field_parents()
    return frozenset(p for i in ids if (p := parents.get(i)) is not None)


def _field_ids() -> ArrayAgg:
    return ArrayAgg("fields", filter=Q(fields__isnull=False), distinct=True, default=[])


def needs(ids: Iterable[int]) -> dict[int, Profile]:
    from needs.models import Need

    rows = (
        Need.objects.filter(pk__in=list(ids))
        .annotate(
            field_ids=_field_ids(),
            own_region=F("region"),
            organization_region=F("organization__region"),
        )
        .values(
            "id",
            "organization_id",
            "field_ids",
            "trl_min",
            "trl_max",
            "cooperation_modes",
            "own_region",
            "organization_region",
        )
    )
    return {
        row["id"]: Profile(
            kind="need",
            id=row["id"],
            organization_id=row["organization_id"],
            fields=frozenset(row["field_ids"]),
            trl_min=row["trl_min"],
            trl_max=row["trl_max"],
            modes=frozenset(row["cooperation_modes"] or []),
            region=row["own_region"] or row["organization_region"] or "",
        )
        for row in rows
    }


def achievements(ids: Iterable[int]) -> dict[int, Profile]:
    from achievements.models import Achievement

    rows = (
        Achievement.objects.filter(pk__in=list(ids))
        .annotate(field_ids=_field_ids(), organization_region=F("institution__region"))
        .values("id", "institution_id", "field_ids", "trl", "transfer_modes", "organization_region")
    )
    return {
        row["id"]: Profile(
            kind="achievement",
            id=row["id"],
            organization_id=row["institution_id"],
            fields=frozenset(row["field_ids"]),
            trl=row["trl"],
            modes=frozenset(row["transfer_modes"] or []),
            region=row["organization_region"] or "",
        )
        for row in rows
    }


def experts(ids: Iterable[int]) -> dict[int, Profile]:
    from experts.models import Expert

    rows = (
        Expert.objects.filter(pk__in=list(ids))
        .annotate(field_ids=_field_ids(), organization_region=F("organization__region"))
        .values("id", "organization_id", "field_ids", "organization_region")
    )
    return {
        row["id"]: Profile(
            kind="expert",
            id=row["id"],
            organization_id=row["organization_id"],
            fields=frozenset(row["field_ids"]),
            region=row["organization_region"] or "",
        )
        for row in rows
    }


LOADERS = {"need": needs, "achievement": achievements, "expert": experts}


def load(kind: str, ids: Iterable[int]) -> dict[int, Profile]:
    ids = list(ids)
    return LOADERS[kind](ids) if ids else {}
