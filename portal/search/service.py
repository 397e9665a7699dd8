"""The interface the rest of Keqiao calls: search(), filter_queryset(), and their results."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.safestring import SafeString

from accounts.roles import AnyUser
from portal.search import cursors, engine, suggest
from portal.search.facets import (
    KIND_NAMES,
    KINDS,
    Facet,
    FilterError,
    filter_keys,
    key,
    label_facets,
)
from portal.search.query import compile_query, parse
from portal.search.snippets import highlight

MAX_LIMIT = 100
EXCLUSION = re.compile(r'(?<!\S)-(?:"[^"]*"|\S+)')


@dataclass
class Hit:
    kind: str  # "achievement", "need" or "expert"
    object: Any  # the model instance, fetched through visible_to(user)
    score: Decimal
    title_html: SafeString
    snippet_html: SafeString
    url: str
    similar: bool = False  # found for the corrected query or by title similarity


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    total: int
    total_is_estimate: bool  # True: the total and facet counts come from the 1/64 sample
    facets: list[Facet]
    next_cursor: str | None
    sort: str
    suggestion: str | None = None  # "did you mean"
    errors: list[str] = field(default_factory=list)


def _models() -> dict[str, type[models.Model]]:
    from achievements.models import Achievement
    from experts.models import Expert
    from needs.models import Need

    return {"achievement": Achievement, "need": Need, "expert": Expert}


def _texts(kind: str, obj: Any) -> tuple[str, str]:
    """(title, text to take the snippet from) of a hit."""
    if kind == "achievement":
        summary = "\n".join(t for t in (obj.summary_zh, obj.summary_en) if t)
        return " / ".join(t for t in (obj.title_zh, obj.title_en) if t), summary or obj.description
    if kind == "need":
        return obj.title, obj.description
    names = " / ".join(t for t in (obj.name_zh, obj.name_en) if t)
    return names, " · ".join(t for t in (obj.title, ", ".join(obj.keywords), obj.bio) if t)


def _url(kind: str, obj: Any) -> str:
    if kind == "achievement":
        return reverse("achievement-detail", args=[obj.pk])
    if kind == "need":
        return reverse("need-detail", args=[obj.pk])
    return ""


def _hydrate(doc_ids: list[int], user: AnyUser) -> list[tuple[str, Any]]:
    """Instances in hit order, each through visible_to(user): a stale index row is dropped."""
    wanted: dict[str, list[int]] = {}
    for doc_id in doc_ids:
        wanted.setdefault(KIND_NAMES[doc_id % 8], []).append(doc_id // 8)
    found: dict[tuple[str, int], Any] = {}
    for kind, ids in wanted.items():
        model = _models()[kind]
        queryset = model.objects.visible_to(user).filter(pk__in=ids)  # type: ignore[attr-defined]
        related = {"achievement": "institution", "need": "organization"}.get(kind)
        if related:
            queryset = queryset.select_related(related)
        for obj in queryset:
            found[(kind, obj.pk)] = obj
    ordered = []
    for doc_id in doc_ids:
        kind = KIND_NAMES[doc_id % 8]
        obj = found.get((kind, doc_id // 8))
        if obj is not None:
            ordered.append((kind, obj))
    return ordered


def search(
    query: str = "",
    *,
    types: Sequence[str] | None = None,
    filters: Mapping[str, Sequence[str]] | None = None,
    user: AnyUser | None = None,
    sort: str = "relevance",
    after: str | None = None,
    limit: int = 20,
    with_facets: bool = True,
    with_snippets: bool = True,
) -> SearchResult:
    """Search the public index as `user` sees it (anonymous when None).

    `types` restricts to "achievement", "need", "expert"; `filters` maps facet parameters
    (field, trl, institution, region, transfer_mode, ip_status, language, year, type) to
    the values chosen (several values of one facet: any of them). `after` is the
    `next_cursor` of the previous page. Bad input becomes `errors`, never an exception.
    """
    from django.contrib.auth.models import AnonymousUser

    viewer: AnyUser = user if user is not None else AnonymousUser()
    limit = max(1, min(int(limit), MAX_LIMIT))
    errors: list[str] = []
    if sort not in cursors.SORTS:
        errors.append(f"sort: choose one of {', '.join(cursors.SORTS)}")
        sort = "relevance"
    chosen = {k: list(v) for k, v in (filters or {}).items() if v}
    try:
        groups = filter_keys(chosen)
        if types:
            unknown = [t for t in types if t not in KINDS]
            if unknown:
                raise FilterError(f"type: unknown value {unknown[0]!r}")
            groups.append([key(1, KINDS[t]) for t in types])
    except FilterError as error:
        errors.append(str(error))
        groups = [[]]  # matches nothing: a wrong filter must not widen the result
    cursor_values = None
    if after:
        try:
            cursor_values = cursors.decode_cursor(after, sort)
        except cursors.CursorError as error:
            errors.append(str(error))

    compiled = compile_query(parse(query))
    if query.strip() and compiled.is_empty:
        # Only stop words or symbols: nothing to look for (rather than everything).
        return SearchResult(query, [], 0, False, [], None, sort, None, errors)
    audience = 1 if viewer.is_authenticated else 0
    with transaction.atomic():
        window = engine.run(
            compiled,
            groups,
            audience=audience,
            sort=sort,
            after=cursor_values,
            limit=limit,
            with_facets=with_facets,
        )
        similar = False
        suggestion = None
        if not window.hits and not after and compiled.words:
            # Nothing found: a corrected query ("did you mean"), shown with its results;
            # failing that, every word as a prefix (titles typed half-way, names cut short).
            suggestion = suggest.did_you_mean(compiled.words)
            excluded = " ".join(EXCLUSION.findall(query))  # a retry still leaves these out
            retries = [suggestion] if suggestion else []
            retries.append(" ".join(f"{word}*" for word in compiled.words if len(word) >= 3))
            for retry_words in retries:
                retry_text = f"{retry_words} {excluded}"
                corrected = compile_query(parse(retry_text))
                if corrected.is_empty:
                    continue
                retry = engine.run(
                    corrected,
                    groups,
                    audience=audience,
                    sort=sort,
                    after=None,
                    limit=limit,
                    with_facets=with_facets,
                )
                if retry.hits:
                    window, compiled, similar = retry, corrected, True
                    break
        doc_ids = [hit.doc_id for hit in window.hits]
        scores = {hit.doc_id: hit.score for hit in window.hits}
        objects = _hydrate(doc_ids, viewer)
        titles, texts = (
            zip(*(_texts(kind, obj) for kind, obj in objects), strict=True) if objects else ((), ())
        )
        if with_snippets:
            snippets, titles_html = highlight(list(texts), list(titles), compiled.units)
        else:
            snippets, titles_html = highlight([], [], [])
    hits = []
    for position, (kind, obj) in enumerate(objects):
        doc_id = obj.pk * 8 + KINDS[kind]
        hits.append(
            Hit(
                kind=kind,
                object=obj,
                score=scores.get(doc_id, Decimal(0)),
                title_html=titles_html[position] if titles_html else SafeString(""),
                snippet_html=snippets[position] if snippets else SafeString(""),
                url=_url(kind, obj),
                similar=similar,
            )
        )
    next_cursor = None
    if len(window.hits) == limit and window.hits[-1].cursor:
        next_cursor = cursors.encode_cursor(sort, window.hits[-1].cursor)
    facets = label_facets(window.facet_counts, chosen) if with_facets else []
    return SearchResult(
        query=query,
        hits=hits,
        total=window.total if window.total or not similar else len(hits),
        total_is_estimate=window.total_is_estimate,
        facets=facets,
        next_cursor=next_cursor,
        sort=sort,
        suggestion=suggestion,
        errors=errors,
    )


def filter_queryset(queryset: models.QuerySet[Any], q: str) -> models.QuerySet[Any]:
    """Narrow a list page's queryset (already visible_to(user)) to rows matching q.

    Public rows match through the public index, the user's visible drafts through the
    private one; the queryset keeps its own ordering and visibility.
    """
    from portal.search.indexing import source_for

    compiled = compile_query(parse(q))
    if compiled.is_empty:
        return queryset
    kind = source_for(queryset.model).kind_number
    matches = RawSQL(
        "SELECT object_id FROM search_document WHERE kind = %s AND tsv @@ %s::tsquery"
        " UNION ALL"
        " SELECT object_id FROM search_private_document WHERE kind = %s AND tsv @@ %s::tsquery",
        [kind, compiled.full, kind, compiled.full],
    )
    return queryset.filter(pk__in=matches)
