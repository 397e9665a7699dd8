"""The fixed query set of the search benchmark (written to bench/queries.txt).

Categories, all drawn with a fixed seed from the shared data so the set is reproducible:
common English and Chinese words (the ones that match a third or more of the catalogue),
frequent English title word pairs and triples, ChinaXiv keywords alone and in pairs, mixed
Chinese + English queries, mid-frequency English words, and the query syntax (phrases,
exclusion, OR).
"""

from __future__ import annotations

import gzip
import itertools
import json
import random
import re
from collections import Counter
from pathlib import Path

COMMON_EN = [
    "system", "developed", "method", "data", "technology", "design", "high", "power", "new",
    "process", "develop", "performance", "based", "research", "application", "materials",
    "model", "control", "test", "energy",
]  # fmt: skip
COMMON_ZH = [
    "方法", "研究", "系统", "数据", "分析", "技术", "模型", "结果", "影响", "特征", "发展",
    "问题", "应用", "实验", "基于",
]  # fmt: skip
STOP = set(
    "a an and are as at be by for from in into is it of on or the to with using via its"  # noqa: SIM905
    " phase ii i iii system systems".split()
)
SYNTAX = [
    '"fuel cell"', '"solar cell" efficiency', '"machine learning"', '"neural network" -image',
    "battery -lithium", "laser -fiber", "sensor -optical", "graphene OR 石墨烯",
    "drone OR 无人机", "vaccine OR 疫苗", '"深度学习" 图像', "遥感 -土壤", "锂电池 OR 电池 储能",
    '"high temperature" coating', "antenna OR radar array", "composite -carbon", "sep*",
    "nano*", "hydro* power", '"water treatment" OR desalination',
]  # fmt: skip
MIXED_EN = ["system", "data", "model", "sensor", "method", "network", "image", "control"]


def build(data: Path, seed: int = 7) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    pairs: Counter[str] = Counter()
    triples: Counter[str] = Counter()
    words: Counter[str] = Counter()
    with gzip.open(data / "sbir_awards.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            title = [w for w in re.findall(r"[a-z]+", json.loads(line)["title"].lower())]
            kept = [w for w in title if w not in STOP and len(w) > 2]
            words.update(set(kept))
            pairs.update(f"{a} {b}" for a, b in itertools.pairwise(kept))
            triples.update(
                f"{a} {b} {c}" for a, b, c in zip(kept, kept[1:], kept[2:], strict=False)
            )
    keywords: Counter[str] = Counter()
    with gzip.open(data / "chinaxiv.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            for keyword in json.loads(line)["keywords"]:
                if 2 <= len(keyword) <= 8 and re.fullmatch(r"[\u4e00-\u9fff]+", keyword):
                    keywords[keyword] += 1

    top_pairs = [p for p, _ in pairs.most_common(300)]
    top_triples = [t for t, _ in triples.most_common(100)]
    top_keywords = [k for k, _ in keywords.most_common(300)]
    middle = [w for w, n in words.items() if 40 <= n <= 400]
    middle.sort()

    queries: list[tuple[str, str]] = []
    queries += [("common-en", q) for q in COMMON_EN]
    queries += [("common-zh", q) for q in COMMON_ZH]
    queries += [("en-pair", q) for q in rng.sample(top_pairs, 45)]
    queries += [("en-triple", q) for q in rng.sample(top_triples, 15)]
    queries += [("zh-keyword", q) for q in rng.sample(top_keywords, 30)]
    queries += [
        ("zh-pair", f"{a} {b}")
        for a, b in zip(rng.sample(top_keywords, 10), rng.sample(top_keywords, 10), strict=True)
    ]
    queries += [
        ("mixed", f"{k} {rng.choice(MIXED_EN)}") for k in rng.sample(top_keywords[:120], 25)
    ]
    queries += [("en-word", q) for q in rng.sample(middle, 20)]
    queries += [("syntax", q) for q in SYNTAX]
    return queries


def load(path: Path) -> list[tuple[str, str]]:
    return [
        (line.split("\t", 1)[0], line.split("\t", 1)[1])
        for line in path.read_text(encoding="utf-8").splitlines()
        if "\t" in line
    ]


if __name__ == "__main__":
    import sys

    target = Path(__file__).resolve().parent / "queries.txt"
    made = build(Path(sys.argv[1]))
    target.write_text("".join(f"{c}\t{q}\n" for c, q in made), encoding="utf-8")
    print(f"{len(made)} queries written to {target}")
