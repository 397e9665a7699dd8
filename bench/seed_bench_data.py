"""Fills a benchmark database with N published achievements (default 1,000,000) in plain SQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/keqiao_api_bench \\
        .venv/bin/python bench/seed_bench_data.py --achievements 1000000

Migrates the database, then adds 200 verified universities and the achievements with
INSERT … SELECT generate_series(…): distinct published_at times (one a minute, going back),
bilingual titles and summaries, TRL 1–9, two fields each (an M2M row pair), one patent every
tenth listing. About two minutes for a million rows on the benchmark machine. Refuses to run on
a database that already has achievements unless --replace is given (which truncates them).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)

INSTITUTIONS = 200

SQL = """
INSERT INTO accounts_organization
    (kind, name_zh, name_en, slug, region, website, description, verified, verified_at, created_at)
SELECT 'university', '基准大学' || n, 'Benchmark University ' || n, 'bench-university-' || n,
       (ARRAY['zhejiang','beijing','shanghai','guangdong','jiangsu','sichuan'])[1 + n %% 6],
       '', '', true, now(), now()
FROM generate_series(1, %(institutions)s) AS n;

INSERT INTO achievements_achievement
    (institution_id, external_id, title_zh, title_en, summary_zh, summary_en, description,
     keywords, trl, development_stage, ip_status, transfer_modes, price_negotiable, currency,
     contact_name, contact_email, contact_phone, status, published_at, created_at, updated_at)
SELECT o.id, '',
       '基准成果 ' || n || '：高安全锂电池复合隔膜',
       'Benchmark achievement ' || n || ': a composite separator for safer batteries',
       '一种可通过针刺试验的复合隔膜，适用于储能与动力电池。',
       'A composite separator that survives nail penetration, for storage and traction cells.',
       '',
       ARRAY['battery', 'separator'],
       1 + n %% 9,
       (ARRAY['concept','laboratory','pilot','industrial','on-market'])[1 + n %% 5],
       (ARRAY['none','patent-pending','patented'])[1 + n %% 3],
       ARRAY['exclusive-licence', 'joint-development'],
       true, 'CNY', '', '', '', 'published',
       now() - make_interval(mins => n), now() - make_interval(mins => n), now()
FROM generate_series(1, %(achievements)s) AS n
JOIN accounts_organization o ON o.slug = 'bench-university-' || (1 + n %% %(institutions)s);

INSERT INTO achievements_achievement_fields (achievement_id, field_id)
SELECT a.id, f.id
FROM achievements_achievement a
JOIN portal_field f ON f.code IN ('2.5', (ARRAY['2.2','3.4','1.4','4.1'])[1 + a.id %% 4]);

INSERT INTO achievements_patent
    (achievement_id, number, jurisdiction, kind, status, title, filing_date, grant_date)
SELECT id, 'ZL' || id || '.1', 'CN', 'invention', 'granted', '', '2022-01-01', '2024-01-01'
FROM achievements_achievement WHERE id %% 10 = 0;

ANALYZE;
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--achievements", type=int, default=1_000_000)
    parser.add_argument("--replace", action="store_true")
    options = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM achievements_achievement")
        existing = cursor.fetchone()[0]
        if existing and not options.replace:
            sys.exit(f"{existing} achievements already there; use --replace to start over")
        if options.replace:
            cursor.execute(
                "TRUNCATE achievements_achievement, achievements_achievement_fields, "
                "achievements_patent CASCADE"
            )
            cursor.execute(
                "DELETE FROM accounts_organization WHERE slug LIKE 'bench-university-%%'"
            )
        started = time.perf_counter()
        cursor.execute(SQL, {"institutions": INSTITUTIONS, "achievements": options.achievements})
    print(f"{options.achievements} achievements in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
