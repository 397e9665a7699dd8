"""Keeping the index in step with the rows: the one call services make after a write.

    from portal.search import index_objects
    index_objects(Achievement, [achievement.id])

It runs inside the caller's transaction, so the index commits (or rolls back) with the row
and an edit is searchable the moment it is committed. It works out by itself where the row
belongs: the public index (published), the private one (draft, under review), or nowhere
(deleted). A few milliseconds per row; importers pass ids in batches of a few hundred.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models

from portal.search.analysis import segment_for_index
from portal.search.documents import (
    SOURCES,
    TEXT_PARTS,
    VOCABULARIES,
    Source,
    document_sql,
    raw_text_sql,
)

DOCUMENT_COLUMNS = (
    "doc_id, kind, object_id, audience, sample_bucket, prior, published, trl, facet_keys, "
    "tsv, tsv_title, tsv_keywords"
)
BATCH = 500


def source_for(model: type[models.Model] | str) -> Source:
    """The Source of a model class or a kind name ("achievement", "need", "expert")."""
    if isinstance(model, str):
        return SOURCES[model]
    label = model._meta.label
    for source in SOURCES.values():
        if source.model_label == label:
            return source
    raise ValueError(f"{label} is not searchable")


def is_searchable(model: type[models.Model]) -> bool:
    return any(source.model_label == model._meta.label for source in SOURCES.values())


def index_if_searchable(instance: models.Model) -> None:
    """For code that changes any kind of object (the moderation workflow, the admin)."""
    if is_searchable(type(instance)):
        index_objects(type(instance), [instance.pk])


def doc_ids(source: Source, object_ids: Iterable[int]) -> list[int]:
    return [object_id * 8 + source.kind_number for object_id in object_ids]


def prepare_texts(rows: Iterable[Sequence[Any]]) -> list[list[Any]]:
    """(id, title, keywords, summary, body) raw → segmented, normalised texts."""
    return [[row[0], *(segment_for_index(text or "") for text in row[1:])] for row in rows]


def index_objects(model: type[models.Model] | str, ids: Iterable[int]) -> None:
    """(Re)index these rows of a searchable model; rows that no longer exist are removed."""
    source = source_for(model)
    ids = sorted({int(i) for i in ids})
    for start in range(0, len(ids), BATCH):
        _index_batch(source, ids[start : start + BATCH])


def remove_objects(model: type[models.Model] | str, ids: Iterable[int]) -> None:
    """Drop rows from every index (index_objects does this by itself for deleted rows)."""
    source = source_for(model)
    targets = doc_ids(source, ids)
    with connection.cursor() as cursor:
        for table in ("search_document", "search_sample", "search_private_document"):
            cursor.execute(f"DELETE FROM {table} WHERE doc_id = ANY(%s)", [targets])


def _index_batch(source: Source, ids: list[int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(raw_text_sql(source, "m.id = ANY(%(ids)s)"), {"ids": ids})
        prepared = prepare_texts(cursor.fetchall())
        columns: list[list[Any]] = [list(c) for c in zip(*prepared, strict=True)]
        columns = columns or [[] for _ in range(5)]
        params: dict[str, Any] = {
            "ids": ids,
            "doc_ids": doc_ids(source, ids),
            "s_id": list(columns[0]),
            **{f"s_{part}": list(columns[i + 1]) for i, part in enumerate(TEXT_PARTS)},
            **VOCABULARIES,
        }
        for table in ("search_document", "search_sample", "search_private_document"):
            cursor.execute(f"DELETE FROM {table} WHERE doc_id = ANY(%(doc_ids)s)", params)
        rows = document_sql(source, staged_relation="staged", where="m.id = ANY(%(ids)s)")
        update = ", ".join(
            f"{c.strip()} = excluded.{c.strip()}" for c in DOCUMENT_COLUMNS.split(",")[1:]
        )
        cursor.execute(
            f"""
            WITH staged AS (
                SELECT * FROM unnest(%(s_id)s::bigint[], %(s_title)s::text[],
                    %(s_keywords)s::text[], %(s_summary)s::text[], %(s_body)s::text[])
                    AS t(object_id, title, keywords, summary, body)
            ),
            r AS MATERIALIZED ({rows}),
            public AS (
                INSERT INTO search_document ({DOCUMENT_COLUMNS})
                SELECT {DOCUMENT_COLUMNS} FROM r WHERE is_public
                ON CONFLICT (doc_id) DO UPDATE SET {update}
            ),
            sample AS (
                INSERT INTO search_sample ({DOCUMENT_COLUMNS})
                SELECT {DOCUMENT_COLUMNS} FROM r WHERE is_public AND sample_bucket = 0
                ON CONFLICT (doc_id) DO UPDATE SET {update}
            ),
            words AS (
                INSERT INTO search_word (word, df)
                SELECT DISTINCT w, 1
                FROM r JOIN staged ON staged.object_id = r.object_id,
                    regexp_split_to_table(lower(staged.title || ' ' || staged.keywords),
                                          '[^[:alnum:]]+') w
                WHERE r.is_public AND length(w) BETWEEN 2 AND 40 AND w !~ '^[0-9]+$'
                ON CONFLICT (word) DO NOTHING
            )
            INSERT INTO search_private_document (doc_id, kind, object_id, tsv)
            SELECT doc_id, kind, object_id, tsv FROM r WHERE NOT is_public
            ON CONFLICT (doc_id) DO UPDATE SET tsv = excluded.tsv
            """,
            params,
        )


def reindex_organization(organization_id: int) -> None:
    """An organisation's name is part of its listings' text and facets: reindex them all."""
    from achievements.models import Achievement
    from experts.models import Expert
    from needs.models import Need

    by_institution = Achievement.objects.filter(institution_id=organization_id)
    index_objects(Achievement, by_institution.values_list("id", flat=True))
    index_objects(
        Need, Need.objects.filter(organization_id=organization_id).values_list("id", flat=True)
    )
    by_organization = Expert.objects.filter(organization_id=organization_id)
    index_objects(Expert, by_organization.values_list("id", flat=True))
