"""Chinese segmentation speed, per core: what the index and every query go through.

    .venv/bin/python bench/segment_bench.py ../shared/data

Times, on one thread, over the ChinaXiv titles and abstracts: rjieba alone (search mode),
and the whole preparation of portal/search/analysis.py (NFKC, Traditional → Simplified,
segmentation, re-joining), in MB of UTF-8 text per second.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "true")

import django

django.setup()

from portal.search.analysis import segment_for_index, segmenter  # noqa: E402


def main(data: Path) -> None:
    with gzip.open(data / "chinaxiv.jsonl.gz", "rt", encoding="utf-8") as lines:
        texts = [f"{r['title']}。{r['abstract']}" for r in map(json.loads, lines)]
    size = sum(len(t.encode()) for t in texts) / 1e6
    jieba = segmenter()

    def cut(text: str) -> object:
        return jieba.cut_for_search(text)

    candidates: list[tuple[str, Callable[[str], object]]] = [
        ("rjieba cut_for_search", cut),
        ("analysis.segment_for_index", segment_for_index),
    ]
    for label, work in candidates:
        best = float("inf")
        for _ in range(3):
            started = time.process_time()
            for text in texts:
                work(text)
            best = min(best, time.process_time() - started)
        print(f"{label}: {size:.1f} MB in {best:.2f} s CPU = {size / best:.1f} MB/s per core")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
