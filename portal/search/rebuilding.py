"""A full rebuild of the index (manage.py rebuild_search_index), while search keeps working.

1. Python segments every row with non-ASCII text (Chinese, full-width letters) into an
   unlogged staging table; pure-ASCII rows need no preparation (see documents.py).
2. Fresh copies of the index tables are filled by `workers` connections at once, each
   taking a range of ids, with the same SQL that index_objects() uses for one row.
3. Their indexes are built, again several at once, then the sample and the word list.
4. One short transaction swaps the fresh tables in; rows written by services during the
   rebuild are then indexed again, so nothing written meanwhile is lost.

Readers see the old index until the swap and the new one after it.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from portal.search.documents import (
    SOURCES,
    VOCABULARIES,
    Source,
    document_sql,
    has_non_ascii,
    raw_text_sql,
)
from portal.search.indexing import DOCUMENT_COLUMNS, index_objects, prepare_texts

TABLES = ("search_document", "search_sample", "search_private_document", "search_word")
CHUNK = 25_000
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": " ", "\n": " ", "\r": " "})


def _in_thread(work: Callable[[], Any]) -> Any:
    """Run on this thread's own connection and close it afterwards."""
    try:
        return work()
    finally:
        connection.close()


def _execute(sql: str, params: Any = None, settings: str = "") -> None:
    with connection.cursor() as cursor:
        if settings:
            cursor.execute(settings)
        cursor.execute(sql, params)


def _prepare(source: Source, low: int, high: int) -> int:
    """Segment the rows of an id range that need it into search_staging; returns how many."""
    with connection.cursor() as cursor:
        cursor.execute(
            raw_text_sql(source, f"m.id >= %s AND m.id < %s AND ({has_non_ascii(source)})"),
            [low, high],
        )
        rows = prepare_texts(cursor.fetchall())
        if not rows:
            return 0
        buffer = io.StringIO()
        for row in rows:
            texts = "\t".join(text.translate(COPY_ESCAPES) for text in row[1:])
            buffer.write(f"{source.kind_number}\t{row[0]}\t{texts}\n")
        buffer.seek(0)
        cursor.copy_expert(
            "COPY search_staging (kind, object_id, title, keywords, summary, body) FROM STDIN",
            buffer,
        )
    return len(rows)


def _fill(source: Source, low: int, high: int) -> None:
    staged = f"(SELECT * FROM search_staging WHERE kind = {source.kind_number})"
    rows = document_sql(source, staged_relation=staged, where="m.id >= %(low)s AND m.id < %(high)s")
    _execute(
        f"""
        WITH r AS MATERIALIZED ({rows}),
        p AS (
            -- In prior order: ids grow with time, so the table ends up stored in prior
            -- order and reading it in that order (engine.py) reads neighbouring rows.
            INSERT INTO search_document_new ({DOCUMENT_COLUMNS})
            SELECT {DOCUMENT_COLUMNS} FROM r WHERE is_public ORDER BY prior, doc_id
        )
        INSERT INTO search_private_document_new (doc_id, kind, object_id, tsv)
        SELECT doc_id, kind, object_id, tsv FROM r WHERE NOT is_public
        """,
        {"low": low, "high": high, **VOCABULARIES},
        settings="SET work_mem = '256MB'; SET synchronous_commit = off",
    )


def _words() -> None:
    """Words of public titles and keywords (segmented), with their document counts."""
    selects = []
    for source in SOURCES.values():
        text = " || ' ' || ".join(
            f"coalesce(s.{part}, {source.texts[part]})" for part in ("title", "keywords")
        )
        selects.append(
            f"SELECT lower({text}) AS t FROM {source.table} m {source.joins}"
            f" LEFT JOIN search_staging s ON s.kind = {source.kind_number} AND s.object_id = m.id"
            f" WHERE {source.public}"
        )
    # Organisation names too, whole (a Chinese name is one "word"): typos in them get corrected.
    selects.append("SELECT lower(concat_ws(' ', name_zh, name_en)) FROM accounts_organization")
    _execute(
        f"""
        INSERT INTO search_word_new (word, df)
        SELECT w, count(*) FROM ({" UNION ALL ".join(selects)}) texts,
            regexp_split_to_table(texts.t, '[^[:alnum:]]+') w
        WHERE length(w) BETWEEN 2 AND 40 AND w !~ '^[0-9]+$'
        GROUP BY w
        """,
        settings="SET work_mem = '512MB'",
    )


def _retarget(match: re.Match[str], *, name: str, table: str) -> str:
    return f"INDEX {name}_new ON {match.group(1) or ''}{table}_new "


def _index_statements(table: str) -> list[str]:
    """The live table's index definitions, retargeted at table_new (primary key aside)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
            " AND tablename = %s AND indexname <> %s",
            [table, f"{table}_pkey"],
        )
        rows = cursor.fetchall()
    statements = []
    for name, definition in rows:
        statements.append(
            re.sub(
                rf"INDEX {re.escape(name)} ON (\S+\.)?{re.escape(table)} ",
                partial(_retarget, name=name, table=table),
                definition,
            )
        )
    return statements


def _swap() -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {', '.join(TABLES)} IN ACCESS EXCLUSIVE MODE")
        for table in TABLES:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
                " AND tablename = %s",
                [f"{table}_new"],
            )
            fresh = [row[0] for row in cursor.fetchall()]
            cursor.execute(f"DROP TABLE {table}")
            cursor.execute(f"ALTER TABLE {table}_new RENAME TO {table}")
            cursor.execute(
                f"ALTER TABLE {table} RENAME CONSTRAINT {table}_new_pkey TO {table}_pkey"
            )
            for name in fresh:
                if name.endswith("_new") and name != f"{table}_new_pkey":
                    cursor.execute(f"ALTER INDEX {name} RENAME TO {name[:-4]}")


def rebuild(*, workers: int = 2, log: Callable[[str], None] = print) -> dict[str, float]:
    """Rebuild the whole index; returns seconds per step (and counts)."""
    report: dict[str, float] = {}
    started_at = timezone.now()
    clock = time.perf_counter()

    def step(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report[name] = round(now - clock, 1)
        log(f"  {name}: {report[name]} s")
        clock = now

    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TABLE IF EXISTS search_staging, " + ", ".join(f"{table}_new" for table in TABLES)
        )
        cursor.execute(
            "CREATE UNLOGGED TABLE search_staging (kind smallint, object_id bigint,"
            " title text, keywords text, summary text, body text)"
        )
        for table in TABLES:
            cursor.execute(
                f"CREATE TABLE {table}_new (LIKE {table} INCLUDING DEFAULTS INCLUDING STORAGE)"
            )

    # Segmenting (Python, this thread) and filling (PostgreSQL, the workers) overlap: each
    # id range is handed to a worker as soon as its Chinese text is staged.
    _execute("CREATE INDEX ON search_staging (kind, object_id)")
    prepared = 0
    with connection.cursor() as cursor, ThreadPoolExecutor(max_workers=workers) as pool:
        jobs: list[Any] = []
        for source in SOURCES.values():
            cursor.execute(f"SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM {source.table}")
            low, high = cursor.fetchone() or (0, 0)
            for start in range(low, high + 1, CHUNK):
                prepared += _prepare(source, start, start + CHUNK)
                jobs.append(pool.submit(_in_thread, partial(_fill, source, start, start + CHUNK)))
        step("segment")
        jobs.append(pool.submit(_in_thread, _words))
        for job in jobs:
            job.result()
    report["rows_segmented"] = prepared
    step("vectors")

    _execute(
        "INSERT INTO search_sample_new SELECT * FROM search_document_new WHERE sample_bucket = 0"
    )
    statements = [
        f"ALTER TABLE {table}_new ADD PRIMARY KEY ({key})"
        for table, key in (
            ("search_document", "doc_id"),
            ("search_sample", "doc_id"),
            ("search_private_document", "doc_id"),
            ("search_word", "word"),
        )
    ]
    statements += [s for table in TABLES for s in _index_statements(table)]
    # The biggest index first, so it is not the last one left running alone.
    statements.sort(key=lambda s: ("search_doc_tsv_new" not in s, s))
    memory = "SET maintenance_work_mem = '1GB'"
    with ThreadPoolExecutor(max_workers=workers) as pool:
        jobs = [pool.submit(_in_thread, partial(_execute, s, settings=memory)) for s in statements]
        for job in jobs:
            job.result()
    for table in TABLES:
        _execute(f"ANALYZE {table}_new")
    step("indexes")

    _swap()
    _execute("DROP TABLE IF EXISTS search_staging")
    for kind, source in SOURCES.items():
        model = source.model()
        changed = model._default_manager.filter(updated_at__gte=started_at)
        index_objects(kind, changed.values_list("pk", flat=True))
    step("swap")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_document")
        report["documents"] = float((cursor.fetchone() or (0,))[0])
    steps = ("segment", "vectors", "indexes", "swap")
    report["seconds"] = round(sum(report[name] for name in steps), 1)
    return report
