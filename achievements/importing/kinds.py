"""What an import job imports: each kind brings its columns, row checks, plan and writer.

The job machinery (upload, dry run, confirmation, the one-transaction import, the Celery tasks,
the report and the sweeper: achievements/services/imports.py) is the same for every kind.
Listings are the first kind; the expert pool adds expert profiles (experts/importing.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any, Protocol

from achievements.importing.plan import Plan
from achievements.importing.rows import Record


class Writer(Protocol):
    def write(self, plan: Plan) -> None: ...


@dataclass(frozen=True)
class Importer:
    columns: list[str]  # known columns, in export order; others are reported and ignored
    parsers: dict[str, Callable[[Any], Any]]  # column → parser ("fields" and the key: built in)
    # external_id → pk of the rows the institution already has of this kind
    known: Callable[[int], dict[str, int]]
    plan_batch: Callable[[list[Record], dict[str, int]], Plan]
    writer: Callable[..., Writer]  # (institution_id=, actor_id=, job_id=) → a writer
    # the Organization action that lets a user import this kind for an institution
    action: str


def _listings() -> Importer:
    from achievements.importing.columns import COLUMNS, PARSERS
    from achievements.importing.plan import known_listings, plan_batch
    from achievements.importing.write import BatchWriter

    return Importer(
        columns=COLUMNS,
        parsers=PARSERS,
        known=known_listings,
        plan_batch=plan_batch,
        writer=BatchWriter,
        action="create_achievement",
    )


# kind → where its importer is built (imported lazily: experts builds on achievements)
IMPORTERS: dict[str, str] = {
    "achievements": "achievements.importing.kinds:_listings",
    "experts": "experts.importing:importer",
}


def importer_for(kind: str) -> Importer:
    module, name = IMPORTERS[kind].split(":")
    build: Callable[[], Importer] = getattr(import_module(module), name)
    return build()
