"""Build tests/fixtures/search_relevance.json: judged queries for the relevance test.

    .venv/bin/python bench/make_relevance_fixture.py ../shared/data

Judgments come from the records' own metadata, not from our ranking:
* Chinese (ChinaXiv, CC BY 4.0): the query is an author keyword; a paper is relevant
  (grade 2) when its authors listed that keyword, and judged not relevant (grade 0) when
  the keyword only occurs somewhere in its abstract.
* English (SBIR awards, US government data): the query is a two-word topic taken from award
  titles; an award is relevant (2) when its title names the topic, not relevant (0) when
  both words merely occur in its abstract.
Each query gets up to four relevant and four non-relevant records.
"""

from __future__ import annotations

import gzip
import itertools
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "search_relevance.json"
ATTRIBUTION = (
    "Contains preprint metadata from ChinaXiv (Copyright © 2016–2022 the authors and CAS"
    " ChinaXiv), licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)."
    " Titles, abstracts, keywords and affiliations were extracted from OCR text and cleaned."
    " Also contains US SBIR award titles and abstracts (SBIR.gov, US federal government data)."
)
STOP = set(
    "a an and are as at be by for from in into is it of on or the to with using phase".split()  # noqa: SIM905
)


def main(data: Path) -> None:
    rng = random.Random(11)
    with gzip.open(data / "chinaxiv.jsonl.gz", "rt", encoding="utf-8") as lines:
        papers = [json.loads(line) for line in lines]
    with gzip.open(data / "sbir_awards.jsonl.gz", "rt", encoding="utf-8") as lines:
        awards = [json.loads(line) for line in lines if '"year": 201' in line]

    records: dict[str, dict[str, object]] = {}
    queries: list[dict[str, object]] = []

    by_keyword: dict[str, list[dict[str, object]]] = defaultdict(list)
    for paper in papers:
        for keyword in set(paper["keywords"]):
            if re.fullmatch(r"[\u4e00-\u9fff]{2,6}", keyword):
                by_keyword[keyword].append(paper)
    candidates = sorted(k for k, v in by_keyword.items() if 3 <= len(v) <= 12)
    rng.shuffle(candidates)
    for keyword in candidates:
        relevant = by_keyword[keyword][:4]
        others = [
            p
            for p in papers
            if keyword in p["abstract"]
            and keyword not in p["keywords"]
            and keyword not in p["title"]
        ]
        if len(others) < 3:
            continue
        judged = {p["id"]: 2 for p in relevant} | {
            p["id"]: 0 for p in rng.sample(others, min(4, len(others)))
        }
        for paper in relevant + [p for p in papers if p["id"] in judged and p not in relevant]:
            records[paper["id"]] = {
                "id": paper["id"],
                "language": "zh",
                "title": paper["title"],
                "summary": paper["abstract"],
                "keywords": paper["keywords"][:8],
            }
        queries.append({"query": keyword, "language": "zh", "judgments": judged})
        if sum(q["language"] == "zh" for q in queries) == 30:
            break

    def words(text: str) -> list[str]:
        return [w for w in re.findall(r"[a-z]+", text.lower()) if w not in STOP and len(w) > 3]

    by_pair: dict[str, list[dict[str, object]]] = defaultdict(list)
    for award in awards:
        title = words(award["title"])
        for pair in {f"{a} {b}" for a, b in itertools.pairwise(title)}:
            by_pair[pair].append(award)
    pairs = sorted(p for p, v in by_pair.items() if 3 <= len(v) <= 8)
    rng.shuffle(pairs)
    english = 0
    for pair in pairs:
        first, second = pair.split()
        relevant = by_pair[pair][:4]
        others = [
            a
            for a in awards[:20000]
            if first in words(a["abstract"])
            and second in words(a["abstract"])
            and not ({first, second} & set(words(a["title"])))
        ]
        if len(others) < 3:
            continue
        judged = {a["id"]: 2 for a in relevant} | {
            a["id"]: 0 for a in rng.sample(others, 4 if len(others) >= 4 else len(others))
        }
        for award in relevant + [a for a in others if a["id"] in judged]:
            records[award["id"]] = {
                "id": award["id"],
                "language": "en",
                "title": award["title"],
                "summary": award["abstract"],
                "keywords": [],
            }
        queries.append({"query": pair, "language": "en", "judgments": judged})
        english += 1
        if english == 25:
            break

    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(
        json.dumps(
            {
                "source": "bench/make_relevance_fixture.py from ../shared/data",
                "licence": ATTRIBUTION,
                "queries": queries,
                "records": sorted(records.values(), key=lambda r: str(r["id"])),
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(queries)} queries, {len(records)} records → {TARGET}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
