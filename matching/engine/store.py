"""Writing a source's top list into Match rows: upsert, drop what fell out, report what is new.

A pair can be on two lists (a need's top achievements and that achievement's top needs);
`found_from` has one bit per list. Recomputing a list upserts its pairs with its bit set and
clears its bit on the pairs it no longer holds; a pair no list holds any more is deleted,
unless someone gave feedback on it: a dismissal must keep lowering similar matches.

Score parts are always computed with one side as the query — the need before the achievement
before the expert — so a pair on both lists keeps the parts computed from the higher side.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import connection

from matching.engine import weights
from matching.engine.ranking import Scored
from matching.matches.models import Match

BITS = {"need": Match.FROM_NEED, "achievement": Match.FROM_ACHIEVEMENT, "expert": Match.FROM_EXPERT}
ORDER = ["need", "achievement", "expert"]  # who is the query when both lists hold a pair
KINDS = {
    frozenset({"need", "achievement"}): Match.Kind.NEED_ACHIEVEMENT,
    frozenset({"need", "expert"}): Match.Kind.NEED_EXPERT,
    frozenset({"achievement", "expert"}): Match.Kind.ACHIEVEMENT_EXPERT,
}


@dataclass(frozen=True)
class Written:
    new_ids: list[int]
    kept: int
    removed: int


def write(source_kind: str, source_id: int, target: str, scored: list[Scored]) -> Written:
    """Make the source's list of `target` matches exactly `scored` (inside a transaction)."""
    kind = KINDS[frozenset({source_kind, target})]
    first, second = sorted((source_kind, target), key=ORDER.index)
    bit = BITS[source_kind]
    # Bits of the sides that outrank this one as the query: their parts are kept.
    higher = sum(BITS[k] for k in ORDER[: ORDER.index(source_kind)])
    source_column, target_column = f"{source_kind}_id", f"{target}_id"
    target_ids = [s.target_id for s in scored]
    new_ids: list[int] = []
    with connection.cursor() as cursor:
        if scored:
            cursor.execute(
                f"""
                INSERT INTO matching_match AS m
                    (kind, {source_column}, {target_column}, score, parts, engine_version,
                     found_from, found_at, computed_at)
                SELECT %(kind)s, %(source)s, t.target, t.score, t.parts::jsonb, %(version)s,
                       %(bit)s, now(), now()
                FROM unnest(%(targets)s::bigint[], %(scores)s::float8[], %(parts)s::text[])
                    AS t(target, score, parts)
                ON CONFLICT ({first}_id, {second}_id) WHERE kind = '{kind.value}' DO UPDATE SET
                    found_from = m.found_from | %(bit)s,
                    score = CASE WHEN m.found_from & %(higher)s <> 0 THEN m.score
                                 ELSE excluded.score END,
                    parts = CASE WHEN m.found_from & %(higher)s <> 0 THEN m.parts
                                 ELSE excluded.parts END,
                    engine_version = excluded.engine_version,
                    computed_at = now()
                RETURNING id, (xmax = 0) AS inserted
                """,
                {
                    "kind": kind,
                    "source": source_id,
                    "targets": target_ids,
                    "scores": [s.score for s in scored],
                    "parts": [json.dumps(s.parts) for s in scored],
                    "version": weights.ENGINE_VERSION,
                    "bit": bit,
                    "higher": higher,
                },
            )
            new_ids = [row[0] for row in cursor.fetchall() if row[1]]
        cursor.execute(
            f"""
            UPDATE matching_match SET found_from = found_from & ~%(bit)s
            WHERE kind = %(kind)s AND {source_column} = %(source)s
                AND found_from & %(bit)s <> 0 AND NOT ({target_column} = ANY(%(targets)s))
            """,
            {"kind": kind, "source": source_id, "targets": target_ids, "bit": bit},
        )
        # A pair someone gave feedback on stays (its verdict steers later scores).
        cursor.execute(
            f"""
            DELETE FROM matching_match m WHERE kind = %s AND {source_column} = %s
                AND found_from = 0
                AND NOT EXISTS (SELECT 1 FROM matching_matchfeedback f WHERE f.match_id = m.id)
            """,
            [kind, source_id],
        )
        removed = cursor.rowcount
    return Written(new_ids=sorted(new_ids), kept=len(scored) - len(new_ids), removed=removed)


def remove_all(kind: str, object_id: int) -> int:
    """Delete every match of a listing that no longer takes part (unpublished, deactivated)."""
    deleted, _ = Match.objects.filter(**{f"{kind}_id": object_id}).delete()
    return deleted
