"""Search benchmark: Keqiao's search() against tantivy, same documents, same queries, one run.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/keqiao_search_bench
    .venv/bin/python bench/load_corpus.py --data ../shared/data --count 1000000
    .venv/bin/python manage.py rebuild_search_index
    .venv/bin/pip install -e '.[bench]'      # tantivy
    .venv/bin/python bench/search_bench.py --write-docs

Measures, per query of bench/queries.txt, (a) the top 20 with snippets and the total count,
(b) the top 20 with every facet count, (c) page 50 (results 981-1000) through the keyset
cursor, for both engines, interleaved query by query so both see the same machine load.
Reports p50/p95/p99 and each of our p95s as a ratio to tantivy's. It also checks, for a
subset of queries, that our top 20 is the true top 20 of our ranking (every match scored by
brute force in SQL).

tantivy gets the same analysed text (the same Chinese segmentation and Traditional →
Simplified folding), English stemming (en_stem), per-field boosts in the ratio of our field
weights, AND between words, and the same facet dimensions as multi-valued fast fields.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from bench.queries import load as load_queries  # noqa: E402
from portal.search import engine, search  # noqa: E402
from portal.search.analysis import CJK_RUN, phrase_text, query_words, segment_for_index  # noqa: E402
from portal.search.query import compile_query, parse  # noqa: E402
from portal.search.ranking import score_sql  # noqa: E402

DIMENSIONS = range(1, 10)
TEXT_FIELDS = ["title", "keywords", "summary", "body"]
BOOSTS = {"title": 5.0, "keywords": 2.5, "summary": 1.0, "body": 0.5}


# --- tantivy ----------------------------------------------------------------------------------


def build_tantivy(path: Path, log: Callable[[str], None]) -> Any:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("doc_id", stored=True, fast=True)
    for name in TEXT_FIELDS:
        builder.add_text_field(name, stored=name in {"title", "summary"}, tokenizer_name="en_stem")
    for dimension in DIMENSIONS:
        builder.add_unsigned_field(f"d{dimension}", fast=True)
    schema = builder.build()
    if path.exists() and (path / "meta.json").exists():
        log(f"tantivy: reusing the index in {path}")
        return tantivy.Index(schema, path=str(path))
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    index = tantivy.Index(schema, path=str(path))
    writer = index.writer(heap_size=1_000_000_000, num_threads=2)
    started = time.perf_counter()
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(
            "SELECT d.doc_id, concat_ws(' ', a.title_zh, a.title_en),"
            " array_to_string(a.keywords, ' '), concat_ws(' ', a.summary_zh, a.summary_en),"
            " concat_ws(' ', a.description, o.name_zh, o.name_en), d.facet_keys"
            " FROM search_document d JOIN achievements_achievement a ON a.id = d.object_id"
            " JOIN accounts_organization o ON o.id = a.institution_id WHERE d.kind = 1"
        )
        count = 0
        while rows := cursor.fetchmany(5000):
            for doc_id, title, keywords, summary, body, keys in rows:
                document = tantivy.Document()
                document.add_integer("doc_id", doc_id)
                for name, text in zip(TEXT_FIELDS, (title, keywords, summary, body), strict=True):
                    document.add_text(name, segment_for_index(text or ""))
                for key in keys:
                    document.add_unsigned(f"d{key >> 32}", key & 0xFFFFFFFF)
                writer.add_document(document)
                count += 1
            if count % 100_000 < 5000:
                log(f"tantivy: {count:,} documents")
    writer.commit()
    writer.wait_merging_threads()
    log(f"tantivy: indexed {count:,} documents in {time.perf_counter() - started:.0f} s")
    return index


def tantivy_query_text(query: str) -> str:
    """Our syntax in tantivy's: Chinese segmented the same way, prefixes as plain words."""
    parts = []
    for match in re.finditer(r'(-?)"([^"]*)"|(\S+)', query):
        if match.group(2) is not None:
            parts.append(f'{match.group(1)}"{phrase_text(match.group(2))}"')
            continue
        raw = match.group(3).rstrip("*")
        negated = raw.startswith("-")
        word = raw.removeprefix("-")
        words = query_words(word) if CJK_RUN.search(word) else [word]
        parts.append(" ".join(("-" if negated else "") + w for w in words))
    return " ".join(parts)


class Tantivy:
    def __init__(self, index: Any):
        import tantivy

        self.tantivy = tantivy
        self.index = index
        index.reload()
        self.searcher = index.searcher()
        self.schema = index.schema

    def parse(self, query: str) -> Any:
        return self.index.parse_query(
            tantivy_query_text(query), TEXT_FIELDS, BOOSTS, conjunction_by_default=True
        )

    def top(self, query: str, *, offset: int = 0) -> int:
        parsed = self.parse(query)
        result = self.searcher.search(parsed, 20, count=True, offset=offset)
        snippets = self.tantivy.SnippetGenerator.create(
            self.searcher, parsed, self.schema, "summary"
        )
        for _, address in result.hits:
            document = self.searcher.doc(address)
            snippets.snippet_from_doc(document).to_html()
        return int(result.count or 0)

    def facets(self, query: str) -> int:
        parsed = self.parse(query)
        result = self.searcher.search(parsed, 20, count=True)
        for _, address in result.hits:
            self.searcher.doc(address)
        aggregations = {f"d{d}": {"terms": {"field": f"d{d}", "size": 12}} for d in DIMENSIONS}
        self.searcher.aggregate(parsed, aggregations)
        return int(result.count or 0)


# --- ours -------------------------------------------------------------------------------------


def ours_top(query: str, after: str | None = None) -> Any:
    return search(query, after=after, with_facets=False)


def ours_facets(query: str) -> Any:
    return search(query, with_snippets=False)


def cursor_for_page_50(query: str) -> str | None:
    """The cursor after result 980 (pages of at most 100, as the API allows)."""
    after = None
    for size in (100,) * 9 + (80,):
        after = search(
            query, after=after, limit=size, with_facets=False, with_snippets=False
        ).next_cursor
        if after is None:
            return None
    return after


def brute_force_top(query: str) -> list[int]:
    """Every match scored in SQL, no shortcuts: the true top 20 of our ranking."""
    compiled = compile_query(parse(query))
    with transaction.atomic():
        plan = engine.Plan(compiled, [], 0)
        catalogue = plan.catalogue_size()
        units, idfs = plan.scored_units(catalogue)
        extra = {f"w{n}": w for n, w in enumerate(idfs)}
        score = score_sql(units, list(extra))
        rows = plan.fetch(
            f"SELECT d.doc_id, {score} AS score FROM search_document d WHERE {plan.base}"
            " ORDER BY score DESC, d.prior DESC, d.doc_id DESC LIMIT 20",
            extra,
        )
    return [row[0] for row in rows]


# --- the run ----------------------------------------------------------------------------------


def percentiles(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)

    def at(p: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(p * len(ordered) + 0.5) - 1))]

    return at(0.50), at(0.95), at(0.99)


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work()
    return (time.perf_counter() - started) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description="Keqiao search vs tantivy")
    parser.add_argument("--queries", type=Path, default=ROOT / "bench" / "queries.txt")
    parser.add_argument(
        "--tantivy-dir",
        type=Path,
        default=Path("/tmp/keqiao-bench-tantivy"),  # noqa: S108
    )
    parser.add_argument("--rounds", type=int, default=2, help="timed passes over the queries")
    parser.add_argument("--verify-every", type=int, default=4, help="brute-force every Nth")
    parser.add_argument("--write-docs", action="store_true", help="update docs/benchmarks.md")
    arguments = parser.parse_args()
    log: Callable[[str], None] = lambda line: print(line, flush=True)  # noqa: E731

    queries = load_queries(arguments.queries)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_document")
        documents = (cursor.fetchone() or (0,))[0]
    log(f"{documents:,} documents in the index, {len(queries)} queries")
    index = build_tantivy(arguments.tantivy_dir, log)
    theirs = Tantivy(index)
    log(f"tantivy: {theirs.searcher.num_docs:,} documents")

    cursors = {}
    for _, query in queries:  # warm-up, and the page-49 cursors (not timed)
        cursors[query] = cursor_for_page_50(query)
        ours_top(query)
        ours_facets(query)
        theirs.top(query)
        theirs.facets(query)
    log("warm-up done")

    samples: dict[str, list[float]] = {
        name: [] for name in ("ours_a", "ours_b", "ours_c", "tantivy_a", "tantivy_b", "tantivy_c")
    }
    by_category: dict[str, list[float]] = {}
    estimated = 0
    for round_number in range(arguments.rounds):
        for category, query in queries:
            ms, result = timed(partial(ours_top, query))
            samples["ours_a"].append(ms)
            by_category.setdefault(category, []).append(ms)
            estimated += int(result.total_is_estimate and round_number == 0)
            samples["tantivy_a"].append(timed(partial(theirs.top, query))[0])
            samples["ours_b"].append(timed(partial(ours_facets, query))[0])
            samples["tantivy_b"].append(timed(partial(theirs.facets, query))[0])
            if cursors[query]:
                samples["ours_c"].append(timed(partial(ours_top, query, cursors[query]))[0])
                samples["tantivy_c"].append(timed(partial(theirs.top, query, offset=980))[0])
        log(f"round {round_number + 1} done")

    # An edit: a service saves the row and calls index_objects in the same transaction; the
    # edit is searchable the moment that transaction commits.
    from achievements.models import Achievement
    from portal.search import index_objects

    edit_ms, searchable = [], 0
    for number in range(20):
        token = f"zqxedit{number}w"
        pk = 1 + (number * 48_271) % max(documents, 1)
        started = time.perf_counter()
        with transaction.atomic():
            achievement = Achievement.objects.get(pk=pk)
            achievement.title_en = f"{achievement.title_en[:250]} {token}"
            achievement.save(update_fields=["title_en", "updated_at"])
            index_objects(Achievement, [pk])
        found = search(token, with_facets=False).total
        edit_ms.append((time.perf_counter() - started) * 1000)
        searchable += int(found == 1)
    log(
        f"edit → searchable: {searchable}/20, save + index + commit + search p50"
        f" {statistics.median(edit_ms):.0f} ms, max {max(edit_ms):.0f} ms"
    )

    verified, checked, mismatches = 0, 0, []
    for position, (_, query) in enumerate(queries):
        if position % arguments.verify_every:
            continue
        checked += 1
        ours = [h.object.pk * 8 + 1 for h in search(query, with_facets=False).hits]
        truth = brute_force_top(query)
        if ours == truth:
            verified += 1
        else:
            mismatches.append(query)
    log(f"top-20 checked against brute force: {verified}/{checked} identical")

    lines = []
    lines.append(
        "| measurement | ours p50 | ours p95 | ours p99 | tantivy p50 | tantivy p95 |"
        " tantivy p99 | p95 ratio |"
    )
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    names = {
        "a": "top 20 + snippets + total",
        "b": "top 20 + all facet counts",
        "c": "page 50 via keyset (+ snippets + total)",
    }
    ratios = {}
    for key, label in names.items():
        ours_p = percentiles(samples[f"ours_{key}"])
        theirs_p = percentiles(samples[f"tantivy_{key}"])
        ratios[key] = ours_p[1] / theirs_p[1]
        lines.append(
            f"| ({key}) {label} | {ours_p[0]:.1f} | {ours_p[1]:.1f} | {ours_p[2]:.1f} |"
            f" {theirs_p[0]:.1f} | {theirs_p[1]:.1f} | {theirs_p[2]:.1f} |"
            f" {ratios[key]:.1f}× |"
        )
    lines.append("")
    lines.append("Our (a) by query category (ms):")
    lines.append("")
    lines.append("| category | queries | p50 | p95 | max |")
    lines.append("|---|---:|---:|---:|---:|")
    for category, values in by_category.items():
        p50, p95, _ = percentiles(values)
        lines.append(
            f"| {category} | {len(values) // arguments.rounds} | {p50:.1f} | {p95:.1f} |"
            f" {max(values):.1f} |"
        )
    summary = "\n".join(lines)
    log(summary)
    log(f"queries answered with an estimated total: {estimated}/{len(queries)}")
    if mismatches:
        log("top-20 mismatches: " + "; ".join(mismatches))

    if arguments.write_docs:
        load = os.getloadavg()
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip()
        section = f"""## Search: Keqiao vs tantivy ({dt.date.today().isoformat()})

Command: `.venv/bin/python bench/search_bench.py --write-docs` (after `bench/load_corpus.py
--count 1000000` and `manage.py rebuild_search_index`), commit {commit}, {platform.node()}:
{os.cpu_count()} cores, PostgreSQL {getattr(connection, "pg_version", 0) // 10000},
{documents:,} documents, {len(queries)} queries × {arguments.rounds} rounds, interleaved.
Load average at the end: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} — the machine is
shared with other work, so both engines ran under the same, varying, load.

Milliseconds per query, measured in-process (our figure includes the Django ORM fetch of
the 20 listings and their institutions; tantivy's includes fetching its stored documents).

{summary}

An edit (save, `index_objects`, commit, then a search for a new word in it) was found by
the first search after the commit {searchable} times out of 20; the whole round trip took
{statistics.median(edit_ms):.0f} ms at the median, {max(edit_ms):.0f} ms at most.

Totals were estimates (labelled as such) for {estimated} of the {len(queries)} queries; the
top 20 was identical to the brute-force top 20 of our ranking for {verified} of {checked}
checked queries.
"""
        target = ROOT / "docs" / "benchmarks.md"
        current = target.read_text(encoding="utf-8")
        current = re.sub(r"## Search: Keqiao vs tantivy.*?(?=\n## |\Z)", "", current, flags=re.S)
        current = current.replace("No benchmark has been run yet.\n", "")
        target.write_text(current.rstrip() + "\n\n" + section, encoding="utf-8")
        log(f"wrote {target}")


if __name__ == "__main__":
    main()
