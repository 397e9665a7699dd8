"""Matching speed at a million published achievements: one new need, and the nightly rematch.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/keqiao_match_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/load_corpus.py --data ../shared/data --count 1000000
    .venv/bin/python manage.py rebuild_search_index
    .venv/bin/python bench/match_speed.py --data ../shared/data --write

Adds needs (SBIR topics: title and description; ChinaXiv preprints: Chinese title, abstract
and keywords) as published needs of one enterprise, indexed as the workflow would index them,
then measures:

* one need: `match_listing(kind="need", …)` — the task's whole work: its top achievements
  and experts ranked, the rows upserted, the hook called — for each of `--latency` needs
  (half SBIR, half ChinaXiv) in one warm process: p50 / p95 / p99, and the first call
  (which also loads the word statistics of the sample) apart;
* the nightly rematch of `--nightly` needs with an empty match table: the chunks the
  nightly task enqueues (100 needs each), run by two worker processes (one per core) as
  two Celery workers would, wall clock.

The database must be a scratch one (its name must contain "bench"); its needs and matches
are replaced.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

SLUG = "bench-match-enterprise"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def need_texts(data: Path, count: int) -> list[dict[str, Any]]:
    """Alternating SBIR topics and ChinaXiv preprints, `count` in all."""
    topics = read_jsonl(data / "sbir_topics.jsonl.gz")
    papers = read_jsonl(data / "chinaxiv.jsonl.gz")
    english = [
        {"title": t["title"][:300], "description": t["description"], "keywords": []} for t in topics
    ]
    chinese = [
        {
            "title": p["title"][:300],
            "description": p["abstract"],
            "keywords": [k[:60] for k in p["keywords"][:8]],
        }
        for p in papers
    ]
    mixed: list[dict[str, Any]] = []
    for pair in zip(english, chinese, strict=False):
        mixed.extend(pair)
    mixed.extend(chinese[len(english) :])
    return mixed[:count]


def setup(data: Path, count: int) -> list[int]:
    from accounts.models import Organization
    from matching.matches.models import Match
    from needs.models import Need
    from portal.search import index_objects

    name = connection.settings_dict["NAME"]
    if "bench" not in name:
        sys.exit(f"refusing to change {name!r}: the database name must contain 'bench'")
    Match.objects.all().delete()
    enterprise, _ = Organization.objects.get_or_create(
        slug=SLUG, defaults={"kind": "enterprise", "name_en": "Bench Co.", "region": "zhejiang"}
    )
    old = list(Need.objects.values_list("pk", flat=True))
    Need.objects.all().delete()
    index_objects(Need, old)  # removes their index rows
    now = timezone.now()
    needs = Need.objects.bulk_create(
        [
            Need(organization=enterprise, status="published", published_at=now, **values)
            for values in need_texts(data, count)
        ],
        batch_size=2000,
    )
    ids = [need.pk for need in needs]
    started = time.perf_counter()
    index_objects(Need, ids)
    print(f"{len(ids):,} needs indexed in {time.perf_counter() - started:.0f} s", flush=True)
    return ids


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def latency(ids: list[int]) -> dict[str, Any]:
    from matching.engine.services import match_listing

    first = time.perf_counter()
    match_listing(kind="need", object_id=ids[0])
    cold = time.perf_counter() - first
    samples = []
    for need_id in ids[1:]:
        started = time.perf_counter()
        match_listing(kind="need", object_id=need_id)
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "cold_ms": cold * 1000,
        "count": len(samples),
        "p50": percentile(samples, 0.50),
        "p95": percentile(samples, 0.95),
        "p99": percentile(samples, 0.99),
        "mean": statistics.mean(samples),
        "max": max(samples),
    }


def _work(chunk: tuple[str, list[int]]) -> int:
    from matching.engine.services import match_chunk

    kind, ids = chunk
    return match_chunk(kind=kind, ids=ids)


def nightly(ids: list[int], workers: int) -> dict[str, Any]:
    from matching.engine.services import CHUNK
    from matching.matches.models import Match

    Match.objects.all().delete()
    chunks = [("need", ids[start : start + CHUNK]) for start in range(0, len(ids), CHUNK)]
    connection.close()  # each worker opens its own
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        new = sum(pool.imap_unordered(_work, chunks))
    seconds = time.perf_counter() - started
    return {
        "needs": len(ids),
        "seconds": seconds,
        "new": new,
        "rows": Match.objects.count(),
        "per_need_ms": seconds / len(ids) * 1000,
    }


def write_docs(result: dict[str, Any], arguments: argparse.Namespace) -> None:
    fast, night = result["latency"], result["nightly"]
    load = os.getloadavg()
    extrapolated = night["needs"] < arguments.needs
    projected = night["seconds"] / night["needs"] * 10_000
    section = "\n".join(
        [
            f"## Matching speed ({timezone.now().date()})",
            "",
            "Command: `DATABASE_URL=…/keqiao_match_bench .venv/bin/python bench/match_speed.py"
            f" --data ../shared/data --needs {arguments.needs} --latency {arguments.latency}"
            f" --nightly {arguments.nightly} --write` after `bench/load_corpus.py --count"
            f" 1000000` and `manage.py rebuild_search_index`; {platform.machine()},"
            f" {os.cpu_count()} cores shared with other engineers' work (load average at the end"
            f" {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}), PostgreSQL on the same machine.",
            f"{result['achievements']:,} published achievements in the index,"
            f" {arguments.needs:,} published needs (SBIR topics and ChinaXiv preprints"
            " alternating), no experts.",
            "",
            "| measurement | result | goal |",
            "|---|---:|---|",
            f"| one new need (`match_listing`), p50 | {fast['p50']:.0f} ms | |",
            f"| one new need, p95 | {fast['p95']:.0f} ms | < 1 s |",
            f"| one new need, p99 | {fast['p99']:.0f} ms | |",
            f"| first call in a fresh process (loads the sample's word statistics)"
            f" | {fast['cold_ms']:.0f} ms | |",
            f"| nightly rematch of {night['needs']:,} needs, 2 worker processes"
            f" | {night['seconds']:.0f} s ({night['per_need_ms']:.0f} ms per need)"
            f" | 10,000 needs ≤ 15 min |",
            *(
                [
                    f"| 10,000 needs, extrapolated linearly from the {night['needs']:,}"
                    f" | {projected / 60:.1f} min | ≤ 15 min |"
                ]
                if extrapolated
                else []
            ),
            "",
            f"Latency over {fast['count']} needs (half SBIR, half ChinaXiv) after the first;"
            f" mean {fast['mean']:.0f} ms, max {fast['max']:.0f} ms. The nightly run wrote"
            f" {night['rows']:,} match rows.",
            "",
        ]
    )
    target = ROOT / "docs" / "benchmarks.md"
    text = target.read_text(encoding="utf-8")
    pattern = re.compile(r"## Matching speed .*?(?=\n## |\Z)", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _m: section.rstrip() + "\n", text)
    else:
        text = text.rstrip() + "\n\n" + section
    target.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description="Matching speed at a million achievements")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--needs", type=int, default=10_000, help="published needs to add")
    parser.add_argument("--latency", type=int, default=121, help="needs timed one by one")
    parser.add_argument("--nightly", type=int, default=10_000, help="needs in the nightly run")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-setup", action="store_true", help="reuse the needs in place")
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    arguments = parser.parse_args()

    from achievements.models import Achievement
    from needs.models import Need

    if arguments.skip_setup:
        ids = list(Need.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = setup(arguments.data, arguments.needs)
    result: dict[str, Any] = {
        "achievements": Achievement.objects.filter(status="published").count()
    }
    # Spread the timed needs over the list, so both sources are represented.
    step = max(1, len(ids) // arguments.latency)
    result["latency"] = latency(ids[::step][: arguments.latency])
    print(json.dumps(result["latency"], indent=1), flush=True)
    result["nightly"] = nightly(ids[: arguments.nightly], arguments.workers)
    print(json.dumps(result["nightly"], indent=1), flush=True)
    if arguments.write:
        write_docs(result, arguments)


if __name__ == "__main__":
    main()
