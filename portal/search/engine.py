"""search(): the query path. Reads only the public index tables.

Three ways to answer, chosen per query from the *sample* (a fixed 1/64 of the index, see
models.py), which costs a millisecond or two to consult:

* few matches (the sample holds at most DIRECT_LIMIT of them, so roughly 10,000 or fewer in
  the whole index): score every match in SQL, count and facet them exactly;
* many matches: read the best tier combinations in score order (ranking.py), stopping when
  the page is full; the total and the facet counts are the sample's, scaled, and labelled
  as estimates;
* sort by newest / TRL, or no query at all: read the matching rows in that index's order.

Every path ends in the same keyset cursor, so page 500 costs what page 1 costs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection

from portal.search.query import CompiledQuery
from portal.search.ranking import (
    MAX_SCORED_UNITS,
    Combination,
    code_sql,
    combination_code,
    combinations,
    condition_sql,
    idf,
    score_sql,
)

SAMPLE_SCALE = 64  # sample_bucket = hash(doc_id) & 63, and the sample is bucket 0
DIRECT_LIMIT = 40  # sample matches up to which every match is scored and counted exactly
ALONE_LIMIT = 6  # sample rows from which a tier combination is read on its own
# Reading a combination in prior order visits about need × catalogue / size rows, cheaply
# (the index is stored in prior order, see rebuilding.py); a GIN bitmap visits all `size`
# rows at random, several times dearer each. Prior order wins once size² ≥ this × need ×
# catalogue.
ORDER_VS_BITMAP = 0.25
EXACT_DF_LIMIT = 16  # sample counts below this get an exact document frequency
# Above this many sample matches, facets are counted on a quarter of the sample (object id
# divisible by 4): the estimate stays within a few per cent, the counting costs a quarter.
FACET_SUBSAMPLE_ABOVE = 2000


def prefer_order(size: int, need: int, catalogue: int) -> bool:
    return size * size >= ORDER_VS_BITMAP * max(need, 1) * catalogue


@dataclass
class RawHit:
    doc_id: int
    score: Decimal
    cursor: list[Any]


@dataclass
class Window:
    hits: list[RawHit]
    total: int
    total_is_estimate: bool
    facet_counts: dict[int, int] = field(default_factory=dict)


class Plan:
    """One query against the index: the base condition and the SQL around it."""

    def __init__(self, compiled: CompiledQuery, groups: list[list[int]], audience: int):
        self.compiled = compiled
        self.params: dict[str, Any] = {"audience": audience}
        conditions = ["d.audience <= %(audience)s"]
        if compiled.full:
            conditions.append("d.tsv @@ %(q)s::tsquery")
            self.params["q"] = compiled.full
        for number, group in enumerate(groups):
            conditions.append(f"d.facet_keys && %(g{number})s::bigint[]")
            self.params[f"g{number}"] = group
        for number, unit in enumerate(compiled.units):
            self.params[f"u{number}"] = unit
        self.base = " AND ".join(conditions)
        self._profile: dict[str, Any] | None = None

    def fetch(self, sql: str, extra: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(sql, {**self.params, **(extra or {})})
            return list(cursor.fetchall())

    def scalar(self, sql: str, extra: dict[str, Any] | None = None) -> Any:
        rows = self.fetch(sql, extra)
        return rows[0][0] if rows else None

    def read_in_order(self, ordered: bool | None) -> None:
        """Force the plan the sample chose: True an index scan in the sort order that stops
        after the page (dense sets), False GIN bitmaps (sparse sets), None the planner's.

        The planner's tsvector selectivity estimates are often far off for AND-ed words,
        and a wrong guess costs a hundred milliseconds either way.
        """
        with connection.cursor() as cursor:
            cursor.execute(
                f"SET LOCAL enable_bitmapscan = {'off' if ordered else 'on'};"
                f" SET LOCAL enable_indexscan = {'off' if ordered is False else 'on'}"
            )

    # --- what the sample says -----------------------------------------------------------

    def profile(self) -> dict[str, Any]:
        """One statement over the sample: its matches by tier combination of every unit,
        each unit's sample frequency, and the planner's row count of the index."""
        if self._profile is None:
            units = [f"u{n}" for n in range(len(self.compiled.units))]
            frequencies = "".join(
                f", (SELECT count(*) FROM search_sample WHERE tsv @@ %({u})s::tsquery)"
                for u in units
            )
            row = self.fetch(
                "SELECT (SELECT reltuples FROM pg_class WHERE oid = 'search_document'::regclass),"
                " (SELECT coalesce(json_agg(json_build_array(code, n)), '[]') FROM"
                f"  (SELECT {code_sql(units)} AS code, count(*) AS n FROM search_sample d"
                f"   WHERE {self.base} GROUP BY 1) codes)"
                f"{frequencies}"
            )[0]
            pairs = row[1] if isinstance(row[1], list) else json.loads(row[1])
            codes = {int(code): int(count) for code, count in pairs}
            self._profile = {
                "reltuples": float(row[0] or 0),
                "codes": codes,
                "matches": sum(codes.values()),
                "frequencies": [int(n) for n in row[2:]],
            }
        return self._profile

    def catalogue_size(self) -> int:
        """Rows in the index, to two significant digits (so idf does not flicker).

        The planner's row count is free and kept fresh by ANALYZE (rebuilds run it, and
        autovacuum after that); a small or never-analysed index is simply counted.
        """
        estimate = self.profile()["reltuples"]
        if estimate < 10_000:
            return int(self.scalar("SELECT count(*) FROM search_document") or 0)
        digits = len(str(int(estimate))) - 2
        return int(round(estimate, -digits))

    def sample_matches(self) -> int:
        return int(self.profile()["matches"])

    def scored_units(self, catalogue: int) -> tuple[list[str], list[Decimal]]:
        """The (at most four) most specific units and their idf, most specific first."""
        units = [f"u{n}" for n in range(len(self.compiled.units))]
        frequencies: list[float] = []
        for unit, count in zip(units, self.profile()["frequencies"], strict=True):
            if count < EXACT_DF_LIMIT:
                exact = self.scalar(
                    f"SELECT count(*) FROM search_document WHERE tsv @@ %({unit})s::tsquery"
                )
                frequencies.append(float(exact or 0))
            else:
                frequencies.append(float(count * SAMPLE_SCALE))
        weights = [idf(f, max(catalogue, 1)) for f in frequencies]
        order = sorted(range(len(units)), key=lambda i: (-weights[i], i))[:MAX_SCORED_UNITS]
        return [units[i] for i in order], [weights[i] for i in order]

    def combination_estimates(self, units: list[str]) -> dict[int, int]:
        """Estimated rows per combination of the scored units' tiers (projected from the
        profile, whose codes cover every unit: unit n is digit n in base 3)."""
        estimates: dict[int, int] = {}
        positions = [int(unit[1:]) for unit in units]
        for code, count in self.profile()["codes"].items():
            tiers = tuple((code // 3**n) % 3 for n in positions)
            key = combination_code(tiers)
            estimates[key] = estimates.get(key, 0) + count * SAMPLE_SCALE
        return estimates

    # --- counting -------------------------------------------------------------------------

    def counts(
        self, table: str, with_facets: bool, subsample: bool = False
    ) -> tuple[int, dict[int, int]]:
        if not with_facets:
            return int(self.scalar(f"SELECT count(*) FROM {table} d WHERE {self.base}") or 0), {}
        fraction = " AND d.object_id %% 4 = 0" if subsample else ""
        rows = self.fetch(
            f"SELECT k, count(*) FROM {table} d, unnest(d.facet_keys) k"
            f" WHERE {self.base}{fraction} GROUP BY k"
        )
        counts = {int(k): int(n) for k, n in rows}
        total = sum(n for k, n in counts.items() if k >> 32 == 1)  # one type key per row
        return total, counts

    # --- reading hits ---------------------------------------------------------------------

    def direct(
        self,
        units: list[str],
        idfs: list[Decimal],
        after: list[Any] | None,
        limit: int,
        with_facets: bool,
    ) -> tuple[list[RawHit], int, dict[int, int]]:
        """Score every match; hits, exact total and facets from one pass over the rows."""
        extra: dict[str, Any] = {f"w{n}": w for n, w in enumerate(idfs)}
        extra["limit"] = limit
        score = score_sql(units, [f"w{n}" for n in range(len(idfs))])
        keyset = ""
        if after:
            keyset = "WHERE (score, prior, doc_id) < (%(a0)s::numeric, %(a1)s, %(a2)s)"
            extra.update(a0=after[0], a1=after[1], a2=after[2])
        counting = (
            "SELECT 'f', k, count(*)::numeric, 0 FROM m, unnest(m.facet_keys) k GROUP BY k"
            if with_facets
            else "SELECT 'c', 0, count(*)::numeric, 0 FROM m"
        )
        rows = self.fetch(
            f"WITH m AS MATERIALIZED ("
            f" SELECT d.doc_id, d.prior, d.facet_keys, {score} AS score"
            f" FROM search_document d WHERE {self.base})"
            f" (SELECT 'h', doc_id, score, prior FROM m {keyset}"
            f"  ORDER BY score DESC, prior DESC, doc_id DESC LIMIT %(limit)s)"
            f" UNION ALL ({counting})",
            extra,
        )
        hits = [RawHit(r[1], Decimal(r[2]), [str(r[2]), r[3], r[1]]) for r in rows if r[0] == "h"]
        counts = {int(r[1]): int(r[2]) for r in rows if r[0] == "f"}
        if with_facets:
            total = sum(n for k, n in counts.items() if k >> 32 == 1)  # one type key per row
        else:
            total = next((int(r[2]) for r in rows if r[0] == "c"), 0)
        return hits, total, counts

    def by_combinations(
        self,
        units: list[str],
        idfs: list[Decimal],
        after: list[Any] | None,
        limit: int,
        catalogue: int,
    ) -> list[RawHit]:
        estimates = self.combination_estimates(units)
        groups: list[tuple[Decimal, list[Combination], int]] = []
        for combination in combinations(idfs):
            estimate = estimates.get(combination_code(combination.tiers), 0)
            if groups and groups[-1][0] == combination.score:
                groups[-1][1].append(combination)
                groups[-1] = (groups[-1][0], groups[-1][1], groups[-1][2] + estimate)
            else:
                groups.append((combination.score, [combination], estimate))

        hits: list[RawHit] = []
        pending: list[tuple[Decimal, list[Combination], int]] = []
        weights = {f"w{n}": w for n, w in enumerate(idfs)}
        score = score_sql(units, list(weights))

        def read_mixed() -> None:
            # Small combinations of different scores, read together and ordered by score.
            if not pending or len(hits) >= limit:
                pending.clear()
                return
            condition = " OR ".join(
                condition_sql(c.tiers, units) for _, members, _ in pending for c in members
            )
            keyset, extra = "", dict(weights)
            if after and min(s for s, _, _ in pending) <= after[0]:
                keyset = f"AND ({score}, d.prior, d.doc_id) < (%(a0)s::numeric, %(a1)s, %(a2)s)"
                extra.update(a0=after[0], a1=after[1], a2=after[2])
            self.read_in_order(False)
            rows = self.fetch(
                f"SELECT d.doc_id, {score} AS score, d.prior FROM search_document d"
                f" WHERE ({condition}) AND {self.base} {keyset}"
                f" ORDER BY score DESC, d.prior DESC, d.doc_id DESC LIMIT %(limit)s",
                {**extra, "limit": limit - len(hits)},
            )
            hits.extend(RawHit(r[0], Decimal(r[1]), [str(r[1]), r[2], r[0]]) for r in rows)
            pending.clear()

        for group in groups:
            group_score, members, estimate = group
            if after and group_score > after[0]:
                continue
            if estimate < ALONE_LIMIT * SAMPLE_SCALE:
                pending.append(group)
                continue
            read_mixed()
            if len(hits) >= limit:
                break
            condition = " OR ".join(condition_sql(c.tiers, units) for c in members)
            keyset, extra = "", dict[str, Any]()
            if after and group_score == after[0]:
                keyset = "AND (d.prior, d.doc_id) < (%(a1)s, %(a2)s)"
                extra.update(a1=after[1], a2=after[2])
            self.read_in_order(prefer_order(estimate, limit - len(hits), catalogue))
            # The tier condition first: title and keyword vectors sit in the row, the full
            # vector may have to be fetched, so the cheap test should reject rows first.
            rows = self.fetch(
                f"SELECT d.doc_id, d.prior FROM search_document d"
                f" WHERE ({condition}) AND {self.base} {keyset}"
                f" ORDER BY d.prior DESC, d.doc_id DESC LIMIT %(limit)s",
                {**extra, "limit": limit - len(hits)},
            )
            hits.extend(RawHit(r[0], group_score, [str(group_score), r[1], r[0]]) for r in rows)
            if len(hits) >= limit:
                break
        read_mixed()
        self.read_in_order(None)
        return hits[:limit]

    def ordered(self, sort: str, after: list[Any] | None, limit: int, dense: bool) -> list[RawHit]:
        if sort == "newest":
            columns, order = "d.published, d.doc_id", "d.published DESC, d.doc_id DESC"
            keyset = "AND (d.published, d.doc_id) < (%(a0)s::timestamptz, %(a1)s)"
        elif sort == "trl":
            columns, order = "d.trl, d.prior, d.doc_id", "d.trl DESC, d.prior DESC, d.doc_id DESC"
            keyset = "AND (d.trl, d.prior, d.doc_id) < (%(a0)s, %(a1)s, %(a2)s)"
        else:
            columns, order = "d.prior, d.doc_id", "d.prior DESC, d.doc_id DESC"
            keyset = "AND (d.prior, d.doc_id) < (%(a0)s, %(a1)s)"
        extra: dict[str, Any] = {"limit": limit}
        if after:
            extra.update({f"a{n}": value for n, value in enumerate(after)})
        else:
            keyset = ""
        self.read_in_order(dense)
        rows = self.fetch(
            f"SELECT d.doc_id, {columns} FROM search_document d WHERE {self.base} {keyset}"
            f" ORDER BY {order} LIMIT %(limit)s",
            extra,
        )
        self.read_in_order(None)
        hits = []
        for row in rows:
            values = list(row[1:])
            if sort == "newest":
                values[0] = values[0].isoformat()
            hits.append(RawHit(row[0], Decimal(0), values))
        return hits


def run(
    compiled: CompiledQuery,
    groups: list[list[int]],
    *,
    audience: int,
    sort: str,
    after: list[Any] | None,
    limit: int,
    with_facets: bool,
) -> Window:
    """Hits (doc ids in order), total and facet counts. Call inside a transaction.

    The planner settings changed here are put back before returning: the caller's
    transaction (a whole request, with ATOMIC_REQUESTS) goes on with its own queries.
    """
    # Never a sequential scan: over the index it reads every row, over the sample it reads
    # every long vector, where a GIN bitmap reads neither. No JIT and no parallel workers:
    # the planner's cost estimates for these queries are large (it cannot know the read
    # stops after a page) and both cost more to start (10-15 ms measured) than they save.
    with connection.cursor() as cursor:
        cursor.execute(
            "SET LOCAL enable_seqscan = off; SET LOCAL jit = off;"
            " SET LOCAL max_parallel_workers_per_gather = 0"
        )
    try:
        return _run(compiled, groups, audience, sort, after, limit, with_facets)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "SET LOCAL enable_seqscan TO DEFAULT; SET LOCAL enable_bitmapscan TO DEFAULT;"
                " SET LOCAL enable_indexscan TO DEFAULT; SET LOCAL jit TO DEFAULT;"
                " SET LOCAL max_parallel_workers_per_gather TO DEFAULT"
            )


def _run(
    compiled: CompiledQuery,
    groups: list[list[int]],
    audience: int,
    sort: str,
    after: list[Any] | None,
    limit: int,
    with_facets: bool,
) -> Window:
    plan = Plan(compiled, groups, audience)
    catalogue = plan.catalogue_size()
    sampled = plan.sample_matches()
    exact = sampled <= DIRECT_LIMIT
    if sort == "relevance" and not compiled.is_empty:
        units, idfs = plan.scored_units(catalogue)
        if exact:
            hits, total, facet_counts = plan.direct(units, idfs, after, limit, with_facets)
            return Window(hits, total, False, facet_counts)
        hits = plan.by_combinations(units, idfs, after, limit, catalogue)
    else:
        dense = prefer_order(sampled * SAMPLE_SCALE, limit, catalogue)
        hits = plan.ordered(sort, after, limit, dense)
    if exact:
        total, facet_counts = plan.counts("search_document", with_facets)
    else:
        subsample = sampled > FACET_SUBSAMPLE_ABOVE
        facet_counts = plan.counts("search_sample", True, subsample)[1] if with_facets else {}
        total = sampled * SAMPLE_SCALE
        scale = SAMPLE_SCALE * (4 if subsample else 1)
        facet_counts = {k: n * scale for k, n in facet_counts.items()}
    return Window(hits, total, not exact, facet_counts)
