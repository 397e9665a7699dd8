"""Typo tolerance and prefixes through trigrams (pg_trgm): "did you mean" and near matches.

When the full-text query finds nothing, two things help the reader:
* a corrected query, each unknown word replaced by the most frequent similar word of the
  titles, keywords and names (search_word, with a trigram index);
* the listings whose titles, names or organisation names are most similar to what was typed
  (word_similarity, so "lithum batt" still finds "lithium battery separator").
"""

from __future__ import annotations

from typing import Any

from django.db import connection

from portal.search.analysis import normalize

WORD_SIMILARITY = 0.6
SUGGEST_SIMILARITY = 0.35


def did_you_mean(words: list[str]) -> str | None:
    """The query with misspelt words corrected, or None when nothing would change."""
    corrected: list[str] = []
    changed = False
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL pg_trgm.similarity_threshold = %s", [SUGGEST_SIMILARITY])
        for word in words:
            plain = normalize(word).lower()
            cursor.execute("SELECT 1 FROM search_word WHERE word = %s", [plain])
            if cursor.fetchone() or len(plain) < 3:
                corrected.append(word)
                continue
            cursor.execute(
                "SELECT word FROM search_word WHERE word %% %s"
                " ORDER BY similarity(word, %s) DESC, df DESC, word LIMIT 1",
                [plain, plain],
            )
            row = cursor.fetchone()
            if row:
                corrected.append(row[0])
                changed = True
            else:
                corrected.append(word)
    return " ".join(corrected) if changed else None


def similar_names(text: str, base: str, params: dict[str, Any], limit: int) -> list[int]:
    """doc ids whose names are most similar to the text, within the base condition."""
    typed = normalize(text).lower().strip()
    if len(typed) < 3:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s", [WORD_SIMILARITY])
        cursor.execute(
            f"SELECT d.doc_id FROM search_document d"
            f" WHERE {base} AND %(typed)s <%% d.names"
            f" ORDER BY word_similarity(%(typed)s, d.names) DESC, d.prior DESC, d.doc_id DESC"
            f" LIMIT %(limit)s",
            {**params, "typed": typed, "limit": limit},
        )
        return [row[0] for row in cursor.fetchall()]
