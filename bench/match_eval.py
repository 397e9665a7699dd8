"""Matching quality: the engine against plain BM25 on the judged SBIR topics.

    createdb keqiao_match_eval
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/keqiao_match_eval \\
        .venv/bin/python bench/match_eval.py ../shared/data --write

Loads all 57,954 SBIR awards as published achievements (title → English title, abstract →
English summary; no fields, TRL, modes or keywords: the awards carry none) and all 5,188 SBIR
topics as published needs (title, description) into a scratch database (its name must
contain "eval"), builds the search index, then for each of the 46 topics judged in
`sbir_topic_awards.tsv` ranks the achievements with the engine (`matching.engine.rank`, the
function the tasks use) and with a plain BM25 baseline (tantivy, one field holding title and
abstract, the topic's title and description as an OR query), and reports nDCG@10, P@10 and
R@100 (binary relevance; unpaired awards count as not relevant). Agency and sub-agency are
not used by either side: a need posted on the portal would not carry them.

Topics are split in two halves by a stable hash of their id: "A" is the half any weight
tuning was looked at on, "B" the held-out half; both are reported besides all 46.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

TANTIVY_DIR = Path("/tmp/keqiao-match-eval-tantivy")  # noqa: S108
DEPTH = 100


def half(topic_id: str) -> str:
    return "A" if hashlib.sha1(topic_id.encode()).digest()[0] % 2 == 0 else "B"  # noqa: S324


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def load(data: Path) -> tuple[dict[str, int], dict[str, int], list[dict[str, Any]]]:
    """Fill the scratch database; returns award id → achievement id, topic id → need id."""
    from accounts.models import Organization
    from achievements.models import Achievement
    from needs.models import Need

    name = connection.settings_dict["NAME"]
    if "eval" not in name:
        sys.exit(f"refusing to empty {name!r}: the database name must contain 'eval'")
    call_command("migrate", verbosity=0)
    awards = read_jsonl(data / "sbir_awards.jsonl.gz")
    topics = read_jsonl(data / "sbir_topics.jsonl.gz")
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE matching_matchfeedback, matching_match, achievements_achievement_fields,"
            " achievements_patent, achievements_achievement, needs_need_fields, needs_need,"
            " search_document, search_sample, search_private_document, search_word CASCADE"
        )
    institution, _ = Organization.objects.get_or_create(
        slug="eval-sbir-awardees",
        defaults={"kind": "university", "name_en": "Awardee", "region": "beijing"},
    )
    enterprise, _ = Organization.objects.get_or_create(
        slug="eval-sbir-agencies",
        defaults={"kind": "enterprise", "name_en": "Solicitor", "region": "shanghai"},
    )
    now = timezone.now()
    achievements = [
        Achievement(
            institution=institution,
            external_id=award["id"],
            title_en=award["title"][:300],
            summary_en=award["abstract"],
            status="published",
            published_at=now,
        )
        for award in awards
    ]
    Achievement.objects.bulk_create(achievements, batch_size=5000)
    needs = [
        Need(
            organization=enterprise,
            title=topic["title"][:300],
            description=topic["description"],
            status="published",
            published_at=now,
        )
        for topic in topics
    ]
    Need.objects.bulk_create(needs, batch_size=2000)
    award_ids = dict(Achievement.objects.values_list("external_id", "id"))
    topic_ids = {topic["id"]: need.pk for topic, need in zip(topics, needs, strict=True)}
    return award_ids, topic_ids, awards


def judgments(data: Path) -> dict[str, set[str]]:
    relevant: dict[str, set[str]] = defaultdict(set)
    lines = (data / "sbir_topic_awards.tsv").read_text(encoding="utf-8").splitlines()[1:]
    for line in lines:
        topic, award = line.split("\t")
        relevant[topic].add(award)
    return relevant


def metrics(ranked: list[str], relevant: set[str]) -> dict[str, float]:
    gains = [1.0 if r in relevant else 0.0 for r in ranked[:10]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(10, len(relevant))))
    return {
        "ndcg10": dcg / ideal if ideal else 0.0,
        "p10": sum(gains) / 10,
        "r100": len(set(ranked[:DEPTH]) & relevant) / len(relevant),
    }


def build_baseline(awards: list[dict[str, Any]]) -> Any:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("award", stored=True, tokenizer_name="raw")
    builder.add_text_field("text", stored=False, tokenizer_name="en_stem")
    schema = builder.build()
    shutil.rmtree(TANTIVY_DIR, ignore_errors=True)
    TANTIVY_DIR.mkdir(parents=True)
    index = tantivy.Index(schema, path=str(TANTIVY_DIR))
    writer = index.writer(heap_size=500_000_000, num_threads=2)
    for award in awards:
        document = tantivy.Document()
        document.add_text("award", award["id"])
        document.add_text("text", f"{award['title']} {award['abstract']}")
        writer.add_document(document)
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index


def baseline_rank(index: Any, text: str) -> list[str]:
    words = [w.lower() for w in re.findall(r"[A-Za-z0-9]+", text)]
    words = [w for w in words if w not in {"and", "or", "not", "to", "in"}]
    if not words:
        return []
    query = index.parse_query(" ".join(words), ["text"])
    searcher = index.searcher()
    hits = searcher.search(query, DEPTH).hits
    return [searcher.doc(address)["award"][0] for _, address in hits]


def engine_rank(need_id: int, by_achievement: dict[int, str]) -> list[str]:
    from matching.engine import profiles
    from matching.engine.ranking import rank

    source = profiles.load("need", [need_id])[need_id]
    scored = rank(source, "achievement", limit=DEPTH, candidates=DEPTH, min_score=-1.0)
    return [by_achievement[s.target_id] for s in scored]


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def report(per_topic: dict[str, dict[str, dict[str, float]]], topics: list[str]) -> list[str]:
    lines = [
        "| topics | system | nDCG@10 | P@10 | R@100 |",
        "|---|---|---:|---:|---:|",
    ]
    for label, subset in (
        ("all 46", topics),
        ("half A (tuning)", [t for t in topics if half(t) == "A"]),
        ("half B (held out)", [t for t in topics if half(t) == "B"]),
    ):
        for system in ("engine", "bm25"):
            row = [
                mean([per_topic[t][system][m] for t in subset]) for m in ("ndcg10", "p10", "r100")
            ]
            lines.append(
                f"| {label} ({len(subset)}) | {system} | "
                + " | ".join(f"{value:.3f}" for value in row)
                + " |"
            )
    return lines


def write_docs(lines: list[str], seconds: dict[str, float]) -> None:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    ).stdout.strip()
    section = "\n".join(
        [
            f"## Matching quality ({timezone.now().date()})",
            "",
            "Command: `DATABASE_URL=…/keqiao_match_eval .venv/bin/python bench/match_eval.py"
            f" ../shared/data --write`, commit {commit}. 57,954 SBIR awards as published"
            " achievements, 5,188 SBIR topics as published needs; the 46 topics judged in"
            " `sbir_topic_awards.tsv` (198 pairs) are the queries, a topic's funded awards its"
            " relevant achievements (unpaired awards count as not relevant, so every figure is a"
            " lower bound). *engine* is `matching.engine.rank` (the text part decides here: the"
            " awards carry no fields, TRL or modes); *bm25* is tantivy's BM25 over one field"
            " holding title and abstract, queried with the topic's title and description as an"
            " OR query. Neither uses agency or sub-agency. Half A is the half of the topics the"
            " weights were tuned on, half B was held out.",
            "",
            *lines,
            "",
            f"Engine: {seconds['engine']:.1f} s for the 46 topics"
            f" ({seconds['engine'] / 46 * 1000:.0f} ms each, ranking 100 achievements)"
            + (f"; loading and indexing took {seconds['load']:.0f} s." if seconds["load"] else "."),
            "",
        ]
    )
    target = ROOT / "docs" / "benchmarks.md"
    text = target.read_text(encoding="utf-8")
    pattern = re.compile(r"## Matching quality .*?(?=\n## |\Z)", re.S)
    text = (
        pattern.sub(lambda _m: section.rstrip() + "\n", text)
        if pattern.search(text)
        else (text.rstrip() + "\n\n" + section)
    )
    target.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description="Matching quality on the judged SBIR topics")
    parser.add_argument("data", type=Path)
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    parser.add_argument("--skip-load", action="store_true", help="reuse the loaded database")
    arguments = parser.parse_args()

    from achievements.models import Achievement
    from needs.models import Need
    from portal.search import rebuild
    from portal.search.similarity import forget_statistics

    started = time.perf_counter()
    awards = read_jsonl(arguments.data / "sbir_awards.jsonl.gz")
    if arguments.skip_load:
        award_ids = dict(Achievement.objects.values_list("external_id", "id"))
        topics_by_title: dict[str, int] = {}
    else:
        award_ids, topic_need, _ = load(arguments.data)
        rebuild(workers=2, log=lambda message: print(message, flush=True))
    forget_statistics()
    topics = {t["id"]: t for t in read_jsonl(arguments.data / "sbir_topics.jsonl.gz")}
    if arguments.skip_load:
        # Needs were created in the file's order: the n-th topic is the n-th need.
        need_ids = list(Need.objects.order_by("pk").values_list("pk", flat=True))
        topics_by_title = {topic_id: need_ids[n] for n, topic_id in enumerate(topics)}
        topic_need = topics_by_title
    load_seconds = time.perf_counter() - started
    by_achievement = {pk: award for award, pk in award_ids.items()}
    relevant = judgments(arguments.data)
    print("building the BM25 baseline…", flush=True)
    baseline = build_baseline(awards)
    per_topic: dict[str, dict[str, dict[str, float]]] = {}
    engine_seconds = 0.0
    for topic_id in sorted(relevant):
        topic = topics[topic_id]
        clock = time.perf_counter()
        ours = engine_rank(topic_need[topic_id], by_achievement)
        engine_seconds += time.perf_counter() - clock
        theirs = baseline_rank(baseline, f"{topic['title']}\n{topic['description']}")
        per_topic[topic_id] = {
            "engine": metrics(ours, relevant[topic_id]),
            "bm25": metrics(theirs, relevant[topic_id]),
        }
    lines = report(per_topic, sorted(relevant))
    print("\n".join(lines))
    if arguments.write:
        loading = 0.0 if arguments.skip_load else load_seconds
        write_docs(lines, {"engine": engine_seconds, "load": loading})


if __name__ == "__main__":
    main()
