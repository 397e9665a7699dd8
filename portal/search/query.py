"""The search-box syntax: words, "quoted phrases", -exclusion, OR, and a trailing * for prefixes.

    锂电池 separator            both words (in any field)
    "solid state" battery       the phrase, and the word
    battery -sodium             battery, but not sodium
    graphene OR 石墨烯 coating   either of the first two, and coating
    sep*                        words starting with "sep"

A query becomes *units*: each unit must match (AND); a unit is one or more alternatives (OR).
Units are what relevance counts: a listing scores by the best field each unit matches in.
Compilation to tsquery happens in PostgreSQL (`english` configuration), so query words are
stemmed exactly as listing words were.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import connection

from portal.search.analysis import CJK_RUN, has_cjk, normalize, phrase_text, query_words

TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
WORD_CHARS = re.compile(r"[^\W_]+")
MAX_UNITS = 12
CONFIG = "english"


@dataclass(frozen=True)
class Alternative:
    text: str
    mode: str  # "words" (all of them), "phrase" or "prefix"


@dataclass
class ParsedQuery:
    units: list[list[Alternative]] = field(default_factory=list)
    excluded: list[Alternative] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.units


@dataclass
class CompiledQuery:
    """tsquery texts, ready to be used as literals: one per unit, and the whole query."""

    units: list[str]
    full: str
    words: list[str]  # the plain words typed, for "did you mean" and the fuzzy fallback

    @property
    def is_empty(self) -> bool:
        return not self.units


def _split_word(token: str) -> list[Alternative]:
    """An unquoted token: Chinese runs cut into words, other parts kept as they are."""
    token = normalize(token)
    if token.endswith("*") and len(token) > 1:
        stem = "".join(WORD_CHARS.findall(token[:-1]))
        return [Alternative(stem, "prefix")] if stem else []
    if not has_cjk(token):
        return [Alternative(token, "words")] if WORD_CHARS.search(token) else []
    parts: list[Alternative] = []
    position = 0
    for match in CJK_RUN.finditer(token):
        before = token[position : match.start()]
        if WORD_CHARS.search(before):
            parts.append(Alternative(before, "words"))
        parts.extend(Alternative(word, "words") for word in query_words(match.group(0)))
        position = match.end()
    if WORD_CHARS.search(token[position:]):
        parts.append(Alternative(token[position:], "words"))
    return parts


def parse(text: str) -> ParsedQuery:
    parsed = ParsedQuery()
    pending_or = False
    for match in TOKEN.finditer(text or ""):
        negated, quoted, bare = match.group(1), match.group(2), match.group(3)
        if bare == "OR" or bare == "|":
            pending_or = bool(parsed.units)
            continue
        if quoted is not None:
            alternatives = (
                [Alternative(normalize(quoted), "phrase")] if WORD_CHARS.search(quoted) else []
            )
        elif bare.startswith("-") and len(bare) > 1:
            negated, alternatives = "-", _split_word(bare[1:])
        else:
            alternatives = _split_word(bare)
        if not alternatives:
            continue
        if negated:
            parsed.excluded.extend(alternatives)
            pending_or = False
            continue
        if pending_or:
            # "a OR 固态电池" — the Chinese side stays one alternative (all its words).
            merged = " ".join(a.text for a in alternatives)
            mode = alternatives[0].mode if len(alternatives) == 1 else "words"
            parsed.units[-1].append(Alternative(merged, mode))
            pending_or = False
            continue
        parsed.units.extend([alternative] for alternative in alternatives)
    parsed.units = parsed.units[:MAX_UNITS]
    return parsed


def _alternative_sql(alternative: Alternative) -> tuple[str, str]:
    if alternative.mode == "phrase":
        return f"phraseto_tsquery('{CONFIG}', %s)", phrase_text(alternative.text)
    if alternative.mode == "prefix":
        # The word is letters and digits only (see _split_word); PostgreSQL stems it first.
        return f"to_tsquery('{CONFIG}', %s || ':*')", alternative.text.lower()
    # Words are already cut (precise mode) and normalised by parse().
    return f"plainto_tsquery('{CONFIG}', %s)", alternative.text


def compile_query(parsed: ParsedQuery) -> CompiledQuery:
    """Turn the parsed units into tsquery texts with one round trip to PostgreSQL."""
    expressions: list[str] = []
    params: list[str] = []
    shape: list[int] = []
    for unit in parsed.units:
        shape.append(len(unit))
        for alternative in unit:
            sql, param = _alternative_sql(alternative)
            expressions.append(f"({sql})::text")
            params.append(param)
    for alternative in parsed.excluded:
        sql, param = _alternative_sql(alternative)
        expressions.append(f"({sql})::text")
        params.append(param)
    if not expressions:
        return CompiledQuery([], "", [])
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(expressions), params)
        texts: list[str] = list(cursor.fetchone() or [])

    units: list[str] = []
    position = 0
    for size in shape:
        alternatives = [t for t in texts[position : position + size] if t]
        position += size
        if alternatives:
            units.append(" | ".join(f"( {t} )" for t in alternatives))
    excluded = [t for t in texts[position:] if t]
    full = " & ".join(f"( {unit} )" for unit in units)
    if full and excluded:
        full += " & " + " & ".join(f"!( {t} )" for t in excluded)
    words = [a.text for unit in parsed.units for a in unit if a.mode != "phrase"]
    return CompiledQuery(units, full, words)
