"""Typo tolerance through trigrams (pg_trgm): "did you mean".

When the full-text query finds nothing, each word the index does not know is replaced by the
most frequent similar word of the titles, keywords, expert and organisation names
(search_word, with a trigram index), and that corrected query is searched instead. Failing
that, service.search() tries the words as prefixes ("lith batt" finds "lithium battery").
"""

from __future__ import annotations

from django.db import connection

from portal.search.analysis import normalize

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
        cursor.execute("SET LOCAL pg_trgm.similarity_threshold TO DEFAULT")
    return " ".join(corrected) if changed else None
