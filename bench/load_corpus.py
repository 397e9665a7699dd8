"""Load the benchmark corpus (bench/corpus.py) into PostgreSQL as published achievements.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/keqiao_search_bench \\
        .venv/bin/python bench/load_corpus.py --data ../shared/data --count 1000000

The database must be a scratch one (its name must contain "bench"): the achievements,
organisations and search tables in it are emptied first. Rows go in with COPY, bypassing
services, so the search index is then built by `rebuild_search_index` (timed separately).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "true")

import django

django.setup()

from django.db import connection  # noqa: E402

from bench.corpus import CorpusDocument, generate, load_records  # noqa: E402

ESCAPE = str.maketrans({"\\": "\\\\", "\t": " ", "\n": " ", "\r": " "})


def text(value: str) -> str:
    return value.translate(ESCAPE)


def array(values: list[str]) -> str:
    """A PostgreSQL array literal, escaped for COPY's text format."""
    quoted = []
    for value in values:
        value = value.replace("\\", "\\\\").replace('"', '\\"')
        quoted.append(f'"{value}"')
    return text("{" + ",".join(quoted) + "}")


def load(data: Path, count: int) -> None:
    name = connection.settings_dict["NAME"]
    if "bench" not in name:
        sys.exit(f"refusing to empty {name!r}: the database name must contain 'bench'")
    started = time.perf_counter()
    _, institutions = load_records(data)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE achievements_achievement_fields, achievements_patent,"
            " achievements_achievement, search_document, search_sample,"
            " search_private_document, search_word CASCADE"
        )
        cursor.execute("DELETE FROM accounts_organization WHERE slug LIKE 'bench-%%'")
        cursor.execute("SELECT code, id FROM portal_field")
        fields = dict(cursor.fetchall())
        buffer = io.StringIO()
        for number, institution in enumerate(institutions.values()):
            buffer.write(
                "\t".join(
                    [
                        "research-institute" if institution.name_zh else "university",
                        text(institution.name_zh[:200]),
                        text(institution.name_en[:200]),
                        f"bench-{number}",
                        institution.region,
                        "",
                        "",
                        "t" if number % 3 else "f",
                        "2020-01-01T00:00:00Z",
                    ]
                )
                + "\n"
            )
        buffer.seek(0)
        cursor.copy_expert(
            "COPY accounts_organization (kind, name_zh, name_en, slug, region, website,"
            " description, verified, created_at) FROM STDIN",
            buffer,
        )
        cursor.execute("SELECT slug, id FROM accounts_organization WHERE slug LIKE 'bench-%%'")
        by_slug = dict(cursor.fetchall())
        org_ids = {
            key: by_slug[f"bench-{number}"] for number, key in enumerate(institutions.keys())
        }

        def flush(rows: io.StringIO, links: io.StringIO) -> None:
            rows.seek(0)
            cursor.copy_expert(
                "COPY achievements_achievement (id, external_id, title_zh, title_en, summary_zh,"
                " summary_en, description, keywords, trl, development_stage, ip_status,"
                " transfer_modes, price_negotiable, currency, contact_name, contact_email,"
                " contact_phone, status, published_at, created_at, updated_at, institution_id)"
                " FROM STDIN",
                rows,
            )
            links.seek(0)
            cursor.copy_expert(
                "COPY achievements_achievement_fields (achievement_id, field_id) FROM STDIN",
                links,
            )

        rows, links = io.StringIO(), io.StringIO()
        document: CorpusDocument
        for document in generate(data, count):
            number = document.number + 1
            stamp = document.published.isoformat()
            rows.write(
                "\t".join(
                    [
                        str(number),
                        text(document.source_id[:100]),
                        text(document.title_zh[:300]),
                        text(document.title_en[:300]),
                        text(document.summary_zh),
                        text(document.summary_en),
                        "",
                        array([k[:60] for k in document.keywords]),
                        str(document.trl) if document.trl else "\\N",
                        "",
                        document.ip_status,
                        array(document.transfer_modes),
                        "t",
                        "CNY",
                        "",
                        "",
                        "",
                        "published",
                        stamp,
                        stamp,
                        stamp,
                        str(org_ids[document.institution]),
                    ]
                )
                + "\n"
            )
            for code in document.fields:
                links.write(f"{number}\t{fields[code]}\n")
            if rows.tell() > 50_000_000:
                flush(rows, links)
                rows, links = io.StringIO(), io.StringIO()
                print(f"  {number:,} achievements loaded", flush=True)
        flush(rows, links)
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('achievements_achievement', 'id'),"
            " (SELECT max(id) FROM achievements_achievement))"
        )
        cursor.execute("VACUUM ANALYZE achievements_achievement")
    print(f"Loaded {count:,} achievements in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="folder of the shared data")
    parser.add_argument("--count", type=int, default=1_000_000)
    arguments = parser.parse_args()
    load(arguments.data, arguments.count)
