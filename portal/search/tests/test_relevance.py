"""Relevance on judged queries from the shared data: nDCG@10 above a floor.

tests/fixtures/search_relevance.json (built by bench/make_relevance_fixture.py, licences in
the file) holds 30 Chinese queries judged by ChinaXiv author keywords and 25 English ones
judged by SBIR award titles, each with relevant and non-relevant records. The floor is set
where our ranking passes and neither a random order of the same matches nor the reverse
order does, so a ranking that stops using the fields fails this test.
"""

import json
import math
import random
from pathlib import Path

import pytest

from accounts.tests.factories import OrganizationFactory
from achievements.models import Achievement
from portal.search import index_objects, search

FIXTURE = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "search_relevance.json"
FLOOR = 0.85

pytestmark = pytest.mark.django_db


def ndcg_at_10(ranked: list[str], judgments: dict[str, int]) -> float:
    def dcg(grades: list[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades[:10]))

    ideal = dcg(sorted(judgments.values(), reverse=True))
    return dcg([judgments.get(r, 0) for r in ranked]) / ideal if ideal else 0.0


@pytest.fixture
def judged():
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    institution = OrganizationFactory.create()
    by_record = {}
    for record in data["records"]:
        zh = record["language"] == "zh"
        by_record[record["id"]] = Achievement.objects.create(
            institution=institution,
            external_id=record["id"],
            title_zh=record["title"] if zh else "",
            title_en="" if zh else record["title"][:300],
            summary_zh=record["summary"] if zh else "",
            summary_en="" if zh else record["summary"],
            keywords=[k[:60] for k in record["keywords"]],
            status=Achievement.Status.PUBLISHED,
        )
    index_objects(Achievement, [a.pk for a in by_record.values()])
    ids = {a.pk: record_id for record_id, a in by_record.items()}
    return data["queries"], ids


def rankings(judged):
    queries, ids = judged
    for query in queries:
        hits = search(query["query"], types=["achievement"], limit=100, with_facets=False).hits
        yield query, [ids[hit.object.pk] for hit in hits]


def mean(values):
    values = list(values)
    return sum(values) / len(values)


def test_the_judged_set_is_large_enough_in_both_languages(judged):
    queries, _ = judged
    assert sum(q["language"] == "zh" for q in queries) >= 25
    assert sum(q["language"] == "en" for q in queries) >= 25


def test_our_ranking_is_above_the_floor_in_both_languages(judged):
    scores: dict[str, list[float]] = {"zh": [], "en": []}
    for query, ranked in rankings(judged):
        scores[query["language"]].append(ndcg_at_10(ranked, query["judgments"]))
    assert mean(scores["zh"]) >= FLOOR, scores
    assert mean(scores["en"]) >= FLOOR, scores


def test_a_random_or_reversed_order_of_the_same_matches_is_below_the_floor(judged):
    shuffled, reversed_ = [], []
    rng = random.Random(3)
    for query, ranked in rankings(judged):
        for _ in range(5):
            order = list(ranked)
            rng.shuffle(order)
            shuffled.append(ndcg_at_10(order, query["judgments"]))
        reversed_.append(ndcg_at_10(list(reversed(ranked)), query["judgments"]))
    assert mean(shuffled) < FLOOR
    assert mean(reversed_) < FLOOR
