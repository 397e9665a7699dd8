"""My matches, the API's match list and a need's page with many matches: latency and queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/keqiao_matches_bench \\
        .venv/bin/python bench/matches_pages_bench.py [--matches 2000] [--runs 20]

Refuses a database whose name lacks "bench". Migrates it and seeds the demo world, then gives
the first demo need `--matches` published listings and a match with each (plain bulk inserts;
scores spread over 0.1–1.1). In process, through Django's test client signed in as a member of
the need's enterprise, it times each page `--runs` times (after one warm-up) and counts its
queries: My matches (first page, and a page 10 pages deep by cursor), /api/v1/matches/ (the
same), and the need's page with its matches panel. Prints a Markdown table. These machines
are noisy: read the medians, and the query counts, which must not grow with the matches.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matches", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args()
    if "bench" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("Set DATABASE_URL to a scratch database whose name contains 'bench'.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from achievements.models import Achievement
    from matching.matches.models import Match
    from needs.models import Need
    from portal.demo_world import seed_demo_world

    plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain_static}).enable()
    call_command("migrate", verbosity=0)
    seed_demo_world()
    need = Need.objects.filter(status=Need.Status.PUBLISHED).order_by("pk").first()
    assert need is not None
    missing = options.matches - Match.objects.filter(need=need).count()
    if missing > 0:
        some_listing = Achievement.objects.filter(status="published").first()
        assert some_listing is not None
        institution = some_listing.institution
        listings = Achievement.objects.bulk_create(
            Achievement(
                institution=institution,
                title_en=f"Bench listing {n}",
                title_zh=f"基准成果{n}",
                trl=5,
                status=Achievement.Status.PUBLISHED,
            )
            for n in range(missing)
        )
        Match.objects.bulk_create(
            Match(
                kind=Match.Kind.NEED_ACHIEVEMENT,
                need=need,
                achievement=listing,
                score=0.1 + (n % 997) / 997,
                parts={"text": 0.1 + (n % 997) / 997},
                engine_version=0,
            )
            for n, listing in enumerate(listings)
        )
    member = User.objects.filter(
        memberships__organization=need.organization, memberships__status="active"
    ).first()
    assert member is not None
    client = Client()
    client.force_login(member)

    def deep(path: str) -> str:
        url = path
        for _page in range(10):
            response = client.get(url, secure=True)
            if path.startswith("/api/"):
                url = response.json()["next"]
            else:
                html = response.content.decode()
                start = html.index('rel="next"')
                url = html[html.rindex('href="', 0, start) + 6 : start - 2].replace("&amp;", "&")
            cursor = parse_qs(urlsplit(url).query)["cursor"][0]
        return f"{path}{'&' if '?' in path else '?'}cursor={cursor}"

    pages = {
        "My matches, page 1": "/matches/",
        "My matches, 10 pages deep": deep("/matches/?dismissed=false"),
        "/api/v1/matches/, page 1": "/api/v1/matches/",
        "/api/v1/matches/, 10 pages deep": deep("/api/v1/matches/"),
        "need page with its matches panel": f"/needs/{need.pk}/",
    }
    total = Match.objects.filter(need=need).count()
    print(f"{total} matches of one need; {options.runs} runs each\n")
    print("| page | median ms | p90 ms | queries |")
    print("|---|---|---|---|")
    for name, url in pages.items():
        assert client.get(url, secure=True).status_code == 200, url
        times = []
        for _run in range(options.runs):
            started = time.perf_counter()
            client.get(url, secure=True)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url, secure=True)
        p90 = sorted(times)[max(0, int(len(times) * 0.9) - 1)]
        print(f"| {name} | {statistics.median(times):.1f} | {p90:.1f} | {len(queries)} |")


if __name__ == "__main__":
    main()
