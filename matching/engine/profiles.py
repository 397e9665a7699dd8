"""What the engine knows of a listing besides its text: fields, TRL, modes, region.

Loaded in one query per kind for a list of ids. Only the public facts of a listing are read
(the same ones its public page and the search facets show).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import models
from django.db.models import F


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


def _field_ids(model: type[models.Model], ids: list[int]) -> dict[int, frozenset[int]]:
    """Field ids per row, read from the many-to-many table alone (its owner index)."""
    through = model._meta.get_field("fields").remote_field.through  # type: ignore[union-attr]
    owner = f"{model._meta.model_name}_id"
    found: dict[int, set[int]] = {}
    for owner_id, field_id in through.objects.filter(**{f"{owner}__in": ids}).values_list(
        owner, "field_id"
    ):
        found.setdefault(owner_id, set()).add(field_id)
    return {owner_id: frozenset(fields) for owner_id, fields in found.items()}


def needs(ids: Iterable[int]) -> dict[int, Profile]:
    from needs.models import Need

    ids = list(ids)
    fields = _field_ids(Need, ids)
    rows = (
        Need.objects.filter(pk__in=ids)
        .annotate(own_region=F("region"), organization_region=F("organization__region"))
        .values(
            "id",
            "organization_id",
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
            fields=fields.get(row["id"], frozenset()),
            trl_min=row["trl_min"],
            trl_max=row["trl_max"],
            modes=frozenset(row["cooperation_modes"] or []),
            region=row["own_region"] or row["organization_region"] or "",
        )
        for row in rows
    }


def achievements(ids: Iterable[int]) -> dict[int, Profile]:
    from achievements.models import Achievement

    ids = list(ids)
    fields = _field_ids(Achievement, ids)
    rows = (
        Achievement.objects.filter(pk__in=ids)
        .annotate(organization_region=F("institution__region"))
        .values("id", "institution_id", "trl", "transfer_modes", "organization_region")
    )
    return {
        row["id"]: Profile(
            kind="achievement",
            id=row["id"],
            organization_id=row["institution_id"],
            fields=fields.get(row["id"], frozenset()),
            trl=row["trl"],
            modes=frozenset(row["transfer_modes"] or []),
            region=row["organization_region"] or "",
        )
        for row in rows
    }


def experts(ids: Iterable[int]) -> dict[int, Profile]:
    from experts.models import Expert

    ids = list(ids)
    fields = _field_ids(Expert, ids)
    rows = (
        Expert.objects.filter(pk__in=ids)
        .annotate(organization_region=F("organization__region"))
        .values("id", "organization_id", "organization_region")
    )
    return {
        row["id"]: Profile(
            kind="expert",
            id=row["id"],
            organization_id=row["organization_id"],
            fields=fields.get(row["id"], frozenset()),
            region=row["organization_region"] or "",
        )
        for row in rows
    }


LOADERS = {"need": needs, "achievement": achievements, "expert": experts}


def load(kind: str, ids: Iterable[int]) -> dict[int, Profile]:
    ids = list(ids)
    return LOADERS[kind](ids) if ids else {}
