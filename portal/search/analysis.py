"""Text analysis before PostgreSQL sees the text: one way for listings and for queries.

* NFKC folds full-width letters and digits (ＬＥＤ → LED, CO₂ → CO2).
* Traditional Chinese becomes Simplified (OpenCC t2s), so either script finds both.
* Chinese runs are segmented into words with jieba (the Rust port, rjieba): listings in
  search mode (a long word is emitted with its shorter words too: 锂电池 → 锂电 电池 锂电池),
  queries in precise mode, so "电池" finds "锂电池" and "锂电池" does not need "锂电".
* Everything else is left for PostgreSQL's `english` configuration (parser, stop words,
  Snowball stemmer), which sees the Chinese words as ordinary space-separated words.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    import rjieba

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef\u3007"
CJK_RUN = re.compile(f"[{CJK}]+")
# What jieba is given in one call: Chinese, and punctuation between Chinese characters (a
# call costs more than the characters in it, so a sentence beats a clause).
CJK_SENTENCE = re.compile(
    f"[{CJK}]+(?:[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20,;:!?() ]+[{CJK}]+)*"
)
# Full-width letters and digits (ＬＥＤ), sub- and superscripts: NFKC is only worth its cost
# when there are any.
FULL_WIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u2070-\u209f]")
DICTIONARY_DIR = Path(__file__).resolve().parent / "dictionary"
_lock = threading.Lock()


def dictionary_files() -> list[Path]:
    """The shipped domain dictionary, then any extra files named in the settings."""
    extra = [Path(name) for name in getattr(settings, "SEARCH_EXTRA_DICTIONARIES", [])]
    return sorted(DICTIONARY_DIR.glob("*.txt")) + extra


def read_dictionary(path: Path) -> list[tuple[str, int | None, str | None]]:
    """Entries of a jieba-format file: `word [frequency] [tag]`, # starts a comment."""
    entries: list[tuple[str, int | None, str | None]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("#", 1)[0].split()
        if not parts:
            continue
        frequency = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[2] if len(parts) > 2 else None
        entries.append((parts[0], frequency, tag))
    return entries


@lru_cache(maxsize=1)
def segmenter() -> rjieba.Jieba:
    """jieba with the domain dictionaries, built once per process (about half a second)."""
    import rjieba

    with _lock:
        jieba = rjieba.Jieba()
        for path in dictionary_files():
            for word, frequency, tag in read_dictionary(path):
                jieba.add_word(normalize(word), frequency, tag)
        return jieba


@lru_cache(maxsize=1)
def _to_simplified() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    if CJK_RUN.search(text):
        return str(_to_simplified().convert(text))  # type: ignore[attr-defined]
    return text


def normalize(text: str) -> str:
    """NFKC (where it changes letters or digits), then Traditional → Simplified."""
    if FULL_WIDTH.search(text):
        text = unicodedata.normalize("NFKC", text)
    return to_simplified(text)


def segment_for_index(text: str) -> str:
    """Listing text ready for to_tsvector: Chinese words separated by spaces (search mode)."""
    text = normalize(text)
    if not CJK_RUN.search(text):
        return text
    cut = segmenter().cut_for_search
    return CJK_SENTENCE.sub(lambda match: " " + " ".join(cut(match.group(0))) + " ", text)


def query_words(run: str) -> list[str]:
    """An unquoted Chinese run of a query, cut into words (precise mode)."""
    return [word for word in segmenter().cut(normalize(run)) if word.strip()]


def phrase_text(text: str) -> str:
    """A quoted phrase, segmented the way listings are, so word positions line up."""
    return segment_for_index(text)


def has_cjk(text: str) -> bool:
    return bool(CJK_RUN.search(text))
