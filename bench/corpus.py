"""The benchmark corpus: real SBIR, ChinaXiv and NASA records plus recombined variants.

The shared data holds about 70,000 real records (57,954 SBIR award abstracts in English, 10,842
ChinaXiv preprint abstracts in Chinese, 1,393 NASA patent titles). A national catalogue has a
million listings, so the corpus tops the real records up with *recombined variants*:

* a variant keeps a real record's title and keywords (so titles stay real text and a query's
  true matches are spread over many listings, as in a large catalogue),
* its summary is the real record's sentences in a shuffled order with one or two sentences
  swapped for sentences of another record in the same language (so term statistics, lengths
  and co-occurrence stay natural, while no two listings are identical),
* one listing in twenty is bilingual: a Chinese record's title and summary paired with an
  English record's (so mixed queries such as "锂电池 separator" have real matches),
* facets (institution, region, fields, TRL, IP status, transfer modes) are drawn from fixed
  distributions with a seeded random generator,
* listings are published over 2000-2025 in the order of their numbers (plus a few days of
  jitter), as in a live catalogue, where ids grow with time.

The same seed gives the same corpus byte for byte, so our engine and tantivy index the same
documents, and two runs of the benchmark measure the same thing.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import random
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REGIONS = [
    "beijing", "shanghai", "guangdong", "jiangsu", "zhejiang", "hubei", "sichuan", "shaanxi",
    "shandong", "tianjin", "anhui", "hunan", "liaoning", "fujian", "henan", "heilongjiang",
    "jilin", "chongqing", "yunnan", "gansu", "xinjiang", "inner-mongolia", "hebei", "jiangxi",
    "guangxi", "shanxi", "guizhou", "hainan", "ningxia", "qinghai", "tibet", "hong-kong",
    "macao", "taiwan", "international",
]  # fmt: skip
IP_STATUSES = ["none", "patent-pending", "patented", "software-copyright", "trade-secret", "other"]
IP_WEIGHTS = [20, 25, 40, 8, 5, 2]
TRANSFER_MODES = [
    "exclusive-licence",
    "non-exclusive-licence",
    "assignment",
    "joint-development",
    "equity-investment",
    "technical-service",
]
LEAF_FIELDS = [
    f"{top}.{sub}" for top, subs in [(1, 7), (2, 11), (3, 5), (4, 5), (5, 9), (6, 5)]
    for sub in range(1, subs + 1)
]  # fmt: skip
SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s*")


@dataclass
class Institution:
    key: str
    name_en: str
    name_zh: str
    region: str


@dataclass
class Record:
    """One real record, already split into sentences."""

    source_id: str
    language: str  # "en" or "zh"
    title: str
    sentences: list[str]
    keywords: list[str]
    year: int
    institution: str  # an Institution.key


@dataclass
class CorpusDocument:
    """One achievement of the corpus, in the shape of the Achievement model."""

    number: int
    source_id: str
    institution: str
    title_zh: str = ""
    title_en: str = ""
    summary_zh: str = ""
    summary_en: str = ""
    keywords: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    trl: int | None = None
    ip_status: str = "none"
    transfer_modes: list[str] = field(default_factory=list)
    published: dt.datetime = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def _sentences(text: str) -> list[str]:
    return [part.strip() for part in SENTENCE_END.split(text) if part.strip()]


def _institution_name(affiliation: str) -> str:
    """The first clause of a ChinaXiv affiliation ('X大学Y学院，城市' → 'X大学Y学院')."""
    return re.split(r"[，,;；\s]", affiliation.strip(), maxsplit=1)[0][:60]


def load_records(data_dir: Path) -> tuple[list[Record], dict[str, Institution]]:
    """Read the real records and derive an institution pool from their firms and affiliations."""
    rng = random.Random(20260101)
    sbir = []
    with gzip.open(data_dir / "sbir_awards.jsonl.gz", "rt", encoding="utf-8") as lines:
        sbir = [json.loads(line) for line in lines]
    chinaxiv = []
    with gzip.open(data_dir / "chinaxiv.jsonl.gz", "rt", encoding="utf-8") as lines:
        chinaxiv = [json.loads(line) for line in lines]
    with (data_dir / "nasa_patents.csv").open(encoding="utf-8") as handle:
        nasa = list(csv.DictReader(handle))

    institutions: dict[str, Institution] = {}
    firms = Counter(record["firm"] for record in sbir if record["firm"])
    for firm, _ in firms.most_common(1500):
        key = f"en-{len(institutions)}"
        institutions[firm] = Institution(key, firm[:200], "", rng.choice(REGIONS))
    affiliations = Counter(
        _institution_name(record["affiliations"][0])
        for record in chinaxiv
        if record["affiliations"] and _institution_name(record["affiliations"][0])
    )
    for name, _ in affiliations.most_common(700):
        key = f"zh-{len(institutions)}"
        institutions[name] = Institution(key, "", name, rng.choice(REGIONS[:-1]))
    for center in sorted({row["center"] for row in nasa}):
        institutions[center] = Institution(f"nasa-{len(institutions)}", center, "", "international")
    english_pool = [i.key for i in institutions.values() if i.key.startswith("en-")]
    chinese_pool = [i.key for i in institutions.values() if i.key.startswith("zh-")]

    records: list[Record] = []
    for item in sbir:
        firm = institutions.get(item["firm"] or "")
        records.append(
            Record(
                item["id"],
                "en",
                item["title"],
                _sentences(item["abstract"]),
                [],
                item["year"],
                firm.key if firm else rng.choice(english_pool),
            )
        )
    for item in chinaxiv:
        name = _institution_name(item["affiliations"][0]) if item["affiliations"] else ""
        affiliation = institutions.get(name)
        year = 2000 + int(item["id"].split("-")[1][:2])
        records.append(
            Record(
                item["id"],
                "zh",
                item["title"],
                _sentences(item["abstract"]),
                list(item["keywords"])[:8],
                year,
                affiliation.key if affiliation else rng.choice(chinese_pool),
            )
        )
    for row in nasa:
        records.append(
            Record(
                f"nasa-{row['case_number']}",
                "en",
                row["title"],
                [],
                [],
                int((row["expiration_date"] or "2030")[:4]) - 20,
                institutions[row["center"]].key,
            )
        )
    return records, {i.key: i for i in institutions.values()}


FIRST_DAY = dt.datetime(2000, 1, 1, 9, tzinfo=dt.UTC)
SPAN_DAYS = 26 * 365


def _facets(document: CorpusDocument, rng: random.Random, count: int) -> None:
    top = rng.choice(LEAF_FIELDS)
    document.fields = sorted({top, *rng.sample(LEAF_FIELDS, rng.choice([0, 0, 1, 2]))})
    document.trl = rng.choice([None, 1, 2, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 7, 7, 8, 9])
    document.ip_status = rng.choices(IP_STATUSES, IP_WEIGHTS)[0]
    document.transfer_modes = sorted(rng.sample(TRANSFER_MODES, rng.choice([1, 1, 2, 2, 3])))
    day = document.number * SPAN_DAYS / max(count, 1) + rng.uniform(0, 3)
    document.published = FIRST_DAY + dt.timedelta(days=min(day, SPAN_DAYS))


def _fill(document: CorpusDocument, record: Record, summary: list[str]) -> None:
    glue = "" if record.language == "zh" else " "
    if record.language == "zh":
        document.title_zh, document.summary_zh = record.title, glue.join(summary)
    else:
        document.title_en, document.summary_en = record.title, glue.join(summary)
    document.keywords = document.keywords + record.keywords


def generate(data_dir: Path, count: int, seed: int = 5) -> Iterator[CorpusDocument]:
    """The corpus: every real record once (while count allows), then recombined variants."""
    records, _ = load_records(data_dir)
    rng = random.Random(seed)
    by_language = {
        language: [r for r in records if r.language == language and r.sentences]
        for language in ("en", "zh")
    }
    for number in range(count):
        if number < len(records):
            record = records[number]
            document = CorpusDocument(number, record.source_id, record.institution)
            _fill(document, record, record.sentences)
            _facets(document, rng, count)
            yield document
            continue
        record = rng.choice(records)
        document = CorpusDocument(number, f"{record.source_id}~{number}", record.institution)
        summary = list(record.sentences)
        rng.shuffle(summary)
        if summary:
            donor = rng.choice(by_language[record.language])
            for _ in range(rng.choice([1, 1, 2])):
                summary[rng.randrange(len(summary))] = rng.choice(donor.sentences)
        _fill(document, record, summary)
        if rng.random() < 0.05:  # one in twenty: bilingual, paired with the other language
            other = rng.choice(by_language["zh" if record.language == "en" else "en"])
            _fill(document, other, other.sentences)
        _facets(document, rng, count)
        yield document
