"""Computing and storing a listing's matches: the functions the tasks call.

    match_listing(kind="need", object_id=7)   # its top achievements and experts
    rematch_all()                             # the nightly job: every need and expert

Each call is idempotent: it locks the source (an advisory lock, so a redelivered task waits
and then recomputes the same list), recomputes its lists from the public index and writes
them in one transaction, and hands the pairs found for the first time to on_new_matches().
A listing that no longer takes part (unpublished, deactivated) loses all its matches.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import connection, models, transaction
from django.db.models import Q

from matching.engine import hooks, profiles, store
from matching.engine.ranking import AUDIENCE, rank
from matching.matches.models import Match
from portal import search
from portal.search.facets import KINDS

TARGETS = {
    "need": ("achievement", "expert"),
    "achievement": ("need", "expert"),
    "expert": ("need", "achievement"),
}
CHUNK = 100  # sources per nightly task


@dataclass
class Outcome:
    kind: str
    object_id: int
    matchable: bool
    new: int = 0
    kept: int = 0
    removed: int = 0
    by_target: dict[str, int] = field(default_factory=dict)


def _models() -> dict[str, type[models.Model]]:
    from achievements.models import Achievement
    from experts.models import Expert
    from needs.models import Need

    return {"need": Need, "achievement": Achievement, "expert": Expert}


def participants(kind: str) -> Q:
    """Which rows of a kind take part in matching (besides being in the public index)."""
    if kind == "expert":
        return Q(is_active=True)
    return Q(status="published")


def is_matchable(kind: str, object_id: int) -> bool:
    model = _models()[kind]
    if not model._default_manager.filter(participants(kind), pk=object_id).exists():
        return False
    return bool(search.public_ids(kind, [object_id], audience=AUDIENCE[kind]))


def match_listing(*, kind: str, object_id: int) -> Outcome:
    """Recompute (or remove) the matches of one need, achievement or expert profile."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [KINDS[kind], object_id])
        if not is_matchable(kind, object_id):
            removed = store.remove_all(kind, object_id)
            return Outcome(kind, object_id, matchable=False, removed=removed)
        source = profiles.load(kind, [object_id])[object_id]
        outcome = Outcome(kind, object_id, matchable=True)
        new_ids: list[int] = []
        for target in TARGETS[kind]:
            scored = rank(source, target)
            written = store.write(kind, object_id, target, scored)
            new_ids += written.new_ids
            outcome.kept += written.kept
            outcome.removed += written.removed
            outcome.by_target[target] = len(scored)
        outcome.new = len(new_ids)
        if new_ids:
            new = Match.objects.filter(pk__in=new_ids).order_by("pk")
            hooks.on_new_matches(list(new.select_related("need", "achievement", "expert")))
    return outcome


def remove_stale() -> int:
    """Delete matches one of whose sides no longer takes part (a lost removal task)."""
    stale = (
        Q(need__isnull=False) & ~Q(need__status="published")
        | Q(achievement__isnull=False) & ~Q(achievement__status="published")
        | Q(expert__isnull=False) & Q(expert__is_active=False)
    )
    deleted, _ = Match.objects.filter(stale).delete()
    return deleted


def nightly_sources(*, achievements: bool = False) -> Iterator[tuple[str, list[int]]]:
    """(kind, ids) chunks the nightly rematch recomputes: every published need and active
    expert; achievements only when asked (their lists are kept current when they change,
    and the needs' and experts' lists cover the same pairs from the other side)."""
    kinds = ["need", "expert"] + (["achievement"] if achievements else [])
    classes = _models()
    for kind in kinds:
        rows = classes[kind]._default_manager.filter(participants(kind)).order_by("pk")
        ids = list(rows.values_list("pk", flat=True))
        for start in range(0, len(ids), CHUNK):
            yield kind, ids[start : start + CHUNK]


def match_chunk(*, kind: str, ids: list[int]) -> int:
    """Recompute a chunk of sources, each in its own transaction; returns new matches."""
    return sum(match_listing(kind=kind, object_id=object_id).new for object_id in ids)


def rematch_all(*, achievements: bool = False) -> dict[str, int]:
    """The nightly job: drop stale pairs, then enqueue every source in chunks.

    Each chunk is its own task, so every worker process (one per core) takes chunks.
    """
    from matching import tasks

    removed = remove_stale()
    chunks = sources = 0
    for kind, ids in nightly_sources(achievements=achievements):
        tasks.match_chunk.delay(kind, ids)
        chunks += 1
        sources += len(ids)
    return {"removed": removed, "chunks": chunks, "sources": sources}
