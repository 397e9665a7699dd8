""" "More like this": public listings whose text resembles one public listing's text.

    similar("need", need_id, target="achievement", limit=200) -> list[Similar]

The query is the source listing's own stored vector (`search_document.tsv`), so its words are
segmented and stemmed exactly as the index does it, and a listing that is not in the public
index (a draft, a disclosure, a confidential file) can be neither a query nor a result.

Two steps, both in PostgreSQL:

1. *Term selection.* Every lexeme of the source gets a query weight from where it occurs
   (title 3, keywords 2, summary 1, body 0.5 per occurrence, square-rooted so a word
   repeated ten times does not drown the rest) times its BM25 idf among the target kind's
   public listings. Document frequencies come from `ts_stat` over the 1/64 sample
   (`search_sample`) once the catalogue is large, over the whole index while it is small,
   cached per process. Words in more than `COMMON` of the listings are dropped.
2. *Candidates, then rerank.* The best terms whose summed document frequency stays within a
   budget are looked up in the GIN index (whole vector, and title again, so a title hit counts
   twice); the `POOL` rows with the highest summed term weights are then scored with BM25
   over their stored vectors — term frequency weighted by field (title 3, keywords 2, summary
   1, body 0.5), length-normalised by the number of distinct words — using up to
   `RERANK_TERMS` terms.

`Similar.score` is that BM25 score divided by the query's ideal score (every term saturated),
so it lies in [0, 1] and is comparable between queries.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction

from portal.search.facets import KINDS, key

# Per occurrence of a lexeme, by the weight letter of the part it occurs in.
PART_WEIGHTS = {"A": 3.0, "B": 2.0, "C": 1.0, "D": 0.5}
COMMON = 0.15  # a word in more than this share of the target listings is no signal…
COMMON_FROM = 1_000  # …once there are this many (in a small catalogue every word counts)
CACHE_FROM = 10_000  # statistics of smaller catalogues are cheap: counted afresh each time
SELECT_TERMS = 400  # lexemes of the source considered, by query weight
RETRIEVE_TERMS = 40  # at most this many terms are probed in the GIN index
RETRIEVE_BUDGET = 20_000  # estimated postings read by the probes, at most
RERANK_TERMS = 100
POOL = 300  # candidates reranked with BM25
K1 = 1.2
B = 0.9
SAMPLE_FACTOR = 64  # search_sample holds 1/64 of search_document (see models.py)
SMALL_CATALOGUE = 2_000  # below this many sampled rows, count in the whole index instead
# Lexemes that cannot be written as a quoted tsquery literal, and bare numbers, are skipped.
USABLE = re.compile(r"^(?=.*[^\W\d_])[^\s'\\:&|!()<>*]+$")
STATS_SECONDS = 600.0


@dataclass(frozen=True)
class Similar:
    object_id: int
    score: float  # 0..1: BM25 over the ideal score of the query


@dataclass(frozen=True)
class _Stats:
    total: float  # estimated public rows of the kind
    average_length: float  # distinct lexemes per row
    sampled: bool  # document frequencies counted in the sample (×64)
    df: dict[str, int]  # lexeme → rows holding it (in the sample when sampled), 2 or more
    at: float


_stats: dict[tuple[int, int], _Stats] = {}


def _kind_stats(kind: int, audience: int) -> _Stats:
    """Row count, average length and document frequencies of a kind's public rows.

    One `ts_stat` pass over the sample (or over the whole index while it is small). From
    CACHE_FROM rows on it is kept for ten minutes per process: a worker pays it once, then
    every match reads a dictionary; a few new listings hardly move the frequencies.
    """
    cached = _stats.get((kind, audience))
    if cached is not None and time.monotonic() - cached.at < STATS_SECONDS:
        return cached
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), avg(length(tsv)) FROM search_sample"
            " WHERE kind = %s AND audience <= %s",
            [kind, audience],
        )
        sample_rows, sample_length = cursor.fetchone()
        sampled = sample_rows >= SMALL_CATALOGUE
        if sampled:
            total, length = sample_rows * SAMPLE_FACTOR, sample_length
            inner = f"SELECT tsv FROM search_sample WHERE kind = {int(kind)}"
        else:
            # The rows of a kind through the GIN index on the facet keys (the type facet).
            rows_of_kind = f"facet_keys @> ARRAY[{int(key(1, kind))}::bigint]"
            cursor.execute(
                f"SELECT count(*), avg(length(tsv)) FROM search_document WHERE {rows_of_kind}"
                " AND audience <= %s",
                [audience],
            )
            total, length = cursor.fetchone()
            inner = f"SELECT tsv FROM search_document WHERE {rows_of_kind}"
        inner += f" AND audience <= {int(audience)}"
        if not total:
            stats = _Stats(0.0, 1.0, sampled, {}, time.monotonic())
            return stats
        cursor.execute("SELECT word, ndoc FROM ts_stat(%s) WHERE ndoc > 1", [inner])
        df = dict(cursor.fetchall())
    stats = _Stats(float(total), float(length or 1.0), sampled, df, time.monotonic())
    if total >= CACHE_FROM:
        _stats[(kind, audience)] = stats
    return stats


def forget_statistics() -> None:
    """Drop the cached statistics (tests and benchmarks that load a catalogue, then match)."""
    _stats.clear()


def _source_terms(doc_id: int) -> dict[str, float]:
    """Query weight of each lexeme of the source row, by where and how often it occurs."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT u.lexeme, u.weights FROM search_document d, unnest(d.tsv) u"
            " WHERE d.doc_id = %s",
            [doc_id],
        )
        rows = cursor.fetchall()
    terms: dict[str, float] = {}
    for lexeme, weights in rows:
        if not USABLE.match(lexeme):
            continue
        # A lexeme without positions (stripped vector) counts once, as summary text.
        occurrences = sum(PART_WEIGHTS.get(w, 0.5) for w in (weights or ["C"]))
        terms[lexeme] = math.sqrt(occurrences)
    return terms


Term = tuple[str, float, float]


def _weighted_terms(doc_id: int, kind: int, audience: int) -> tuple[list[Term], _Stats]:
    """(lexeme, weight = query weight × idf, estimated document frequency), best first."""
    stats = _kind_stats(kind, audience)
    source = _source_terms(doc_id)
    if not source or stats.total == 0:
        return [], stats
    candidates = sorted(source, key=lambda t: (-source[t], t))[:SELECT_TERMS]
    weighted = []
    for term in candidates:
        # ts_stat kept the words of two rows or more; the rest are in one row or none.
        count = stats.df.get(term, 1)
        # In the sample ×64; a word rare enough to be missing there gets a middle value.
        df = count * SAMPLE_FACTOR if stats.sampled and count > 1 else float(count)
        if stats.sampled and count == 1:
            df = SAMPLE_FACTOR / 2
        if stats.total >= COMMON_FROM and df > COMMON * stats.total:
            continue
        idf = math.log(1 + (stats.total - df + 0.5) / (df + 0.5))
        weighted.append((term, source[term] * idf, df))
    weighted.sort(key=lambda item: (-item[1], item[0]))
    return weighted, stats


def similar(
    source_kind: str,
    object_id: int,
    *,
    target: str,
    limit: int = 200,
    audience: int = 0,
    pool: int = POOL,
) -> list[Similar]:
    """Public listings of kind `target` most like the public listing (source_kind, object_id).

    `audience` 1 lets registered-only rows (expert profiles shown to signed-in users) take
    part. An unpublished or unknown source gives an empty list.
    """
    source_number, target_number = KINDS[source_kind], KINDS[target]
    doc_id = object_id * 8 + source_number
    terms, stats = _weighted_terms(doc_id, target_number, audience)
    if not terms:
        return []
    probes: list[tuple[str, float]] = []
    postings = 0.0
    for term, weight, df in terms:
        if len(probes) >= RETRIEVE_TERMS:
            break
        if postings + df > RETRIEVE_BUDGET and probes:
            continue
        probes.append((term, weight))
        postings += df
    rerank = terms[:RERANK_TERMS]
    ideal = sum(weight for _, weight, _ in rerank) * (K1 + 1)
    with transaction.atomic(), connection.cursor() as cursor:
        # The planner's cost for the probes is far above jit_above_cost; compiling the
        # query then took longer (about a second here) than running it.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(
            """
            WITH t AS (
                SELECT quote_literal(x)::tsquery AS q, w
                FROM unnest(%(probe_terms)s::text[], %(probe_weights)s::float8[]) AS u(x, w)
            ),
            hits AS (
                SELECT d.doc_id, t.w FROM t CROSS JOIN LATERAL (
                    SELECT doc_id FROM search_document d
                    WHERE d.tsv @@ t.q AND d.facet_keys @> %(type_key)s
                        AND d.kind = %(kind)s AND d.audience <= %(audience)s
                ) d
                UNION ALL
                SELECT d.doc_id, t.w FROM t CROSS JOIN LATERAL (
                    SELECT doc_id FROM search_document d
                    WHERE d.tsv_title @@ t.q AND d.facet_keys @> %(type_key)s
                        AND d.kind = %(kind)s AND d.audience <= %(audience)s
                ) d
            ),
            candidates AS (
                SELECT doc_id FROM hits WHERE doc_id <> %(self)s
                GROUP BY doc_id ORDER BY sum(w) DESC, doc_id LIMIT %(pool)s
            ),
            r AS (
                SELECT * FROM unnest(%(terms)s::text[], %(weights)s::float8[]) AS u(lexeme, w)
            )
            SELECT d.object_id, sum(r.w * x.tf * %(k1p1)s / (x.tf + l.norm)) AS s
            FROM search_document d
            -- Once per row (OFFSET 0 keeps it from being inlined into the sum, which would
            -- read the stored vector again for every matched word).
            CROSS JOIN LATERAL (
                SELECT %(k1)s * (1 - %(b)s + %(b)s * length(d.tsv) / %(avg)s) AS norm OFFSET 0
            ) l
            CROSS JOIN LATERAL (
                SELECT u.lexeme, (SELECT sum(CASE wt WHEN 'A' THEN 3.0 WHEN 'B' THEN 2.0
                                                     WHEN 'C' THEN 1.0 ELSE 0.5 END)
                                  FROM unnest(u.weights) wt) AS tf
                FROM unnest(d.tsv) u WHERE u.lexeme = ANY(%(terms)s::text[])
            ) x
            JOIN r ON r.lexeme = x.lexeme
            WHERE d.doc_id IN (SELECT doc_id FROM candidates)
            GROUP BY d.object_id
            ORDER BY s DESC, d.object_id
            LIMIT %(limit)s
            """,
            {
                "probe_terms": [term for term, _ in probes],
                "probe_weights": [weight for _, weight in probes],
                "terms": [term for term, _, _ in rerank],
                "weights": [weight for _, weight, _ in rerank],
                "kind": target_number,
                # Lets PostgreSQL combine with the facet index when the kind is a small part.
                "type_key": [key(1, target_number)],
                "audience": audience,
                "self": doc_id,
                "pool": max(pool, limit),
                "limit": limit,
                "k1": K1,
                "k1p1": K1 + 1,
                "b": B,
                "avg": max(stats.average_length, 1.0),
            },
        )
        rows = cursor.fetchall()
    return [Similar(int(object_id), min(1.0, float(score) / ideal)) for object_id, score in rows]


def title_terms(kind: str, object_ids: Iterable[int]) -> dict[int, set[str]]:
    """The lexemes of the public titles of these listings (feedback compares them)."""
    number = KINDS[kind]
    doc_ids = [int(object_id) * 8 + number for object_id in object_ids]
    if not doc_ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT object_id, tsvector_to_array(tsv_title) FROM search_document"
            " WHERE doc_id = ANY(%s)",
            [doc_ids],
        )
        return {
            int(object_id): {t for t in lexemes if USABLE.match(t)}
            for object_id, lexemes in cursor.fetchall()
        }


def public_ids(kind: str, object_ids: Iterable[int], *, audience: int = 0) -> set[int]:
    """Which of these listings are in the public index (what may take part in matching)."""
    number = KINDS[kind]
    doc_ids = [int(object_id) * 8 + number for object_id in object_ids]
    if not doc_ids:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT object_id FROM search_document WHERE doc_id = ANY(%s) AND audience <= %s",
            [doc_ids, audience],
        )
        return {int(row[0]) for row in cursor.fetchall()}
