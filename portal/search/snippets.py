"""Highlighted snippets in both scripts, escaped before any markup is added.

PostgreSQL's ts_headline finds the best fragments and marks the matching words, but its
parser sees an unsegmented Chinese run as one word. So every Chinese character is set apart
by a control character (U+001F, a word break for the parser in every locale, where a
zero-width space is a letter in the C locale), each Chinese query word becomes a phrase of
its characters (电池 → 电 <-> 池, which also marks 电池 inside 锂电池), ts_headline marks the
matches with two private-use characters, the separators are taken out again, the text is
escaped, and only then do the markers become <mark> elements. Nothing from a listing reaches
the page unescaped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from portal.search.analysis import to_simplified

START, STOP, APART = "\ue000", "\ue001", "\x1f"
CJK_CHAR = re.compile("([\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ebef])")
CJK_LEXEME = re.compile("'([\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]+)'")
MAX_TEXT = 1200  # ts_headline's cost grows with the text; the best fragment is early
SNIPPET_OPTIONS = (
    f"StartSel={START}, StopSel={STOP}, MaxWords=40, MinWords=15, ShortWord=1, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)
TITLE_OPTIONS = f"StartSel={START}, StopSel={STOP}, HighlightAll=true"


def _prepare(text: str) -> str:
    text = to_simplified(text[:MAX_TEXT])
    text = text.replace(START, "").replace(STOP, "").replace(APART, "")
    return CJK_CHAR.sub(rf"{APART}\1{APART}", text)


MARKED = re.compile(f"{START}([^{START}{STOP}]*){STOP}")
ONLY_CJK = re.compile("^[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]+$")


def _keep_whole_words(marked: str, words: set[str]) -> str:
    """Join adjacent marks; unmark Chinese runs that hold no query word (a stray 电)."""
    marked = marked.replace(STOP + START, "")

    def check(match: re.Match[str]) -> str:
        text = match.group(1)
        if ONLY_CJK.match(text) and not any(word in text for word in words):
            return text
        return match.group(0)

    return MARKED.sub(check, marked)


def highlight_query(units: Sequence[str]) -> str:
    """Any unit (OR), Chinese words as phrases of their characters."""

    def spell(match: re.Match[str]) -> str:
        return "( " + " <-> ".join(f"'{char}'" for char in match.group(1)) + " )"

    return " | ".join(f"( {CJK_LEXEME.sub(spell, unit)} )" for unit in units)


def _finish(marked: str, words: set[str] | None = None) -> SafeString:
    marked = _keep_whole_words(marked.replace(APART, ""), words or set())
    html = escape(marked).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own <mark> tags added


def highlight(
    texts: Sequence[str], titles: Sequence[str], units: Sequence[str]
) -> tuple[list[SafeString], list[SafeString]]:
    """Snippets of texts and fully highlighted titles for one query, in one round trip."""
    if not texts:
        return [], []
    tsquery = highlight_query(units) if units else ""
    if not tsquery:
        plain = [_finish(_prepare(t)[:300]) for t in texts]
        return plain, [_finish(_prepare(t)) for t in titles]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ts_headline('english', t, %(q)s::tsquery, %(snippet)s),"
            " ts_headline('english', h, %(q)s::tsquery, %(title)s)"
            " FROM unnest(%(texts)s::text[], %(titles)s::text[]) AS x(t, h)",
            {
                "q": tsquery,
                "snippet": SNIPPET_OPTIONS,
                "title": TITLE_OPTIONS,
                "texts": [_prepare(t) for t in texts],
                "titles": [_prepare(t) for t in titles],
            },
        )
        rows = cursor.fetchall()
    words = {w for unit in units for w in CJK_LEXEME.findall(unit)}
    return [_finish(r[0], words) for r in rows], [_finish(r[1], words) for r in rows]
