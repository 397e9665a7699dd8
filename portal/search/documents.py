"""What a searchable row of each kind looks like: its text by weight, facets, prior, audience.

Each kind is a `Source`: SQL expressions over the model's table for the four weighted texts
(title A, keywords B, summary C, body D) and the rest of the search row. The same SQL builds
one row (after a service writes it) and a million (a full rebuild), so the two cannot drift.

Chinese text must be segmented before PostgreSQL sees it, so the texts come from a *staging*
relation when Python has prepared them (any row with non-ASCII text), and straight from the
table otherwise: for ASCII text the preparation is the identity, so both give the same vector.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from portal.search.facets import IP_STATUSES, KINDS, LANGUAGES, REGIONS, TRANSFER_MODES

CONFIG = "english"
TEXT_PARTS = ("title", "keywords", "summary", "body")
WEIGHTS = {"title": "A", "keywords": "B", "summary": "C", "body": "D"}


@dataclass(frozen=True)
class Source:
    kind: str
    model_label: str  # "achievements.Achievement"
    joins: str  # extra FROM items after the model table `m`
    texts: dict[str, str]  # part → SQL text expression (raw, before segmentation)
    public: str  # SQL condition: the row belongs in the public index
    audience: str  # SQL: 0 everyone, 1 signed-in users
    published: str
    trl: str
    quality: str  # SQL, 0..90 days of bonus for a complete listing
    field_table: str  # the M2M table to portal.Field, with its owner column
    field_owner: str
    keys: str  # SQL: extra facet keys (bigint[]) besides type, field and year
    language: str  # SQL: 1-based position in ContentLanguage

    @property
    def kind_number(self) -> int:
        return KINDS[self.kind]

    def model(self) -> type[models.Model]:
        from django.apps import apps

        return apps.get_model(self.model_label)

    @property
    def table(self) -> str:
        return str(self.model()._meta.db_table)


def _bilingual(zh: str, en: str) -> str:
    """Content language from which of the two texts are filled (see ContentLanguage)."""
    position = {code: LANGUAGES.index(code) + 1 for code in ("zh", "en", "bilingual")}
    return (
        f"CASE WHEN ({zh}) AND ({en}) THEN {position['bilingual']} "
        f"WHEN ({zh}) THEN {position['zh']} ELSE {position['en']} END"
    )


CJK = "'[\u3400-\u9fff]'"

SOURCES: dict[str, Source] = {
    "achievement": Source(
        kind="achievement",
        model_label="achievements.Achievement",
        joins="JOIN accounts_organization o ON o.id = m.institution_id",
        texts={
            "title": "concat_ws(' ', m.title_zh, m.title_en)",
            "keywords": "array_to_string(m.keywords, ' ')",
            "summary": "concat_ws(' ', m.summary_zh, m.summary_en)",
            "body": "concat_ws(' ', m.description, o.name_zh, o.name_en)",
        },
        public="m.status = 'published'",
        audience="0",
        published="coalesce(m.published_at, m.created_at)",
        trl="m.trl",
        quality=(
            "(CASE WHEN length(m.summary_zh) + length(m.summary_en) > 100 THEN 20 ELSE 0 END"
            " + CASE WHEN cardinality(m.keywords) > 0 THEN 15 ELSE 0 END"
            " + CASE WHEN m.trl IS NOT NULL THEN 15 ELSE 0 END"
            " + CASE WHEN m.ip_status <> 'none' THEN 10 ELSE 0 END"
            " + CASE WHEN o.verified THEN 15 ELSE 0 END"
            " + CASE WHEN m.title_zh <> '' AND m.title_en <> '' THEN 15 ELSE 0 END)"
        ),
        field_table="achievements_achievement_fields",
        field_owner="achievement_id",
        keys=(
            "CASE WHEN m.trl IS NULL THEN '{}'::bigint[] ELSE ARRAY[(3::bigint << 32) + m.trl] END"
            " || ARRAY[(4::bigint << 32) + m.institution_id]"
            " || ARRAY[(5::bigint << 32) + array_position(%(regions)s::text[], o.region)]"
            " || coalesce((SELECT array_agg((6::bigint << 32)"
            " + array_position(%(modes)s::text[], t::text)) FROM unnest(m.transfer_modes) t),"
            " '{}')"
            " || ARRAY[(7::bigint << 32) + array_position(%(ip)s::text[], m.ip_status)]"
        ),
        language=_bilingual(
            "m.title_zh <> '' OR m.summary_zh <> ''", "m.title_en <> '' OR m.summary_en <> ''"
        ),
    ),
    "need": Source(
        kind="need",
        model_label="needs.Need",
        joins="JOIN accounts_organization o ON o.id = m.organization_id",
        texts={
            "title": "m.title",
            "keywords": "array_to_string(m.keywords, ' ')",
            "summary": "m.description",
            "body": "concat_ws(' ', o.name_zh, o.name_en)",
        },
        public="m.status = 'published'",
        audience="0",
        published="coalesce(m.published_at, m.created_at)",
        trl="coalesce(m.trl_max, m.trl_min)",
        quality=(
            "(CASE WHEN length(m.description) > 100 THEN 30 ELSE 0 END"
            " + CASE WHEN cardinality(m.keywords) > 0 THEN 20 ELSE 0 END"
            " + CASE WHEN m.trl_min IS NOT NULL OR m.trl_max IS NOT NULL THEN 20 ELSE 0 END"
            " + CASE WHEN o.verified THEN 20 ELSE 0 END)"
        ),
        field_table="needs_need_fields",
        field_owner="need_id",
        keys=(
            "coalesce((SELECT array_agg((3::bigint << 32) + level) FROM generate_series("
            "coalesce(m.trl_min, m.trl_max)::int, coalesce(m.trl_max, m.trl_min)::int) level),"
            " '{}')"
            " || ARRAY[(4::bigint << 32) + m.organization_id]"
            " || ARRAY[(5::bigint << 32) + array_position(%(regions)s::text[],"
            " coalesce(nullif(m.region, ''), o.region))]"
            " || coalesce((SELECT array_agg((6::bigint << 32)"
            " + array_position(%(modes)s::text[], t::text)) FROM unnest(m.cooperation_modes) t),"
            " '{}')"
        ),
        language=_bilingual(
            f"m.title || m.description ~ {CJK}",
            "m.title || m.description ~ '[A-Za-z]{4}'",
        ),
    ),
    "expert": Source(
        kind="expert",
        model_label="experts.Expert",
        joins="LEFT JOIN accounts_organization o ON o.id = m.organization_id",
        texts={
            "title": "concat_ws(' ', m.name_zh, m.name_en)",
            "keywords": "concat_ws(' ', array_to_string(m.keywords, ' '), m.title)",
            "summary": "m.bio",
            "body": "concat_ws(' ', m.publications, m.patents, o.name_zh, o.name_en)",
        },
        public="m.is_active",
        audience="CASE WHEN m.visibility = 'public' THEN 0 ELSE 1 END",
        published="m.created_at",
        trl="NULL::smallint",
        quality=(
            "(CASE WHEN length(m.bio) > 80 THEN 30 ELSE 0 END"
            " + CASE WHEN cardinality(m.keywords) > 0 THEN 30 ELSE 0 END"
            " + CASE WHEN o.verified THEN 30 ELSE 0 END)"
        ),
        field_table="experts_expert_fields",
        field_owner="expert_id",
        keys=(
            "CASE WHEN m.organization_id IS NULL THEN '{}'::bigint[]"
            " ELSE ARRAY[(4::bigint << 32) + m.organization_id,"
            " (5::bigint << 32) + array_position(%(regions)s::text[], o.region)] END"
        ),
        language=_bilingual(
            "'zh-hans' = ANY(m.languages) OR m.name_zh <> ''",
            "'en' = ANY(m.languages) OR m.name_en <> ''",
        ),
    ),
}

VOCABULARIES = {
    "regions": REGIONS,
    "modes": TRANSFER_MODES,
    "ip": IP_STATUSES,
}


def raw_text_sql(source: Source, where: str) -> str:
    """SELECT id and the four raw texts, for Python to segment."""
    parts = ", ".join(f"{source.texts[part]} AS {part}" for part in TEXT_PARTS)
    return f"SELECT m.id, {parts} FROM {source.table} m {source.joins} WHERE {where}"


def _vector(part: str, staged: bool, source: Source) -> str:
    text = f"coalesce(s.{part}, {source.texts[part]})" if staged else source.texts[part]
    return f"setweight(to_tsvector('{CONFIG}', {text}), '{WEIGHTS[part]}')"


def document_sql(source: Source, *, staged_relation: str | None, where: str) -> str:
    """SELECT the search-row columns (and `is_public`) for the rows of `where`.

    `staged_relation` provides prepared texts: (object_id, title, keywords, summary, body).
    Named parameters: regions, modes, ip (vocabulary arrays), plus whatever `where` uses.
    """
    staged = staged_relation is not None
    join = f"LEFT JOIN {staged_relation} s ON s.object_id = m.id" if staged else ""
    vector = " || ".join(_vector(part, staged, source) for part in TEXT_PARTS)
    number = source.kind_number
    return f"""
    WITH RECURSIVE closure(id, ancestor) AS (
        SELECT id, id FROM portal_field
        UNION ALL
        SELECT c.id, f.parent_id FROM closure c JOIN portal_field f ON f.id = c.ancestor
        WHERE f.parent_id IS NOT NULL
    )
    SELECT
        m.id * 8 + {number} AS doc_id,
        {number} AS kind,
        m.id AS object_id,
        {source.audience} AS audience,
        (hashint8(m.id * 8 + {number}) & 63) AS sample_bucket,
        (extract(epoch FROM {source.published}) / 86400)::int + {source.quality} AS prior,
        {source.published} AS published,
        coalesce({source.trl}, 0) AS trl,
        array_remove(
            ARRAY[(1::bigint << 32) + {number}]
            || coalesce((SELECT array_agg(DISTINCT (2::bigint << 32) + c.ancestor)
                         FROM {source.field_table} mf JOIN closure c ON c.id = mf.field_id
                         WHERE mf.{source.field_owner} = m.id), '{{}}')
            || {source.keys}
            || ARRAY[(8::bigint << 32) + {source.language}]
            || ARRAY[(9::bigint << 32) + extract(year FROM {source.published})::int],
            NULL) AS facet_keys,
        vector.v AS tsv,
        ts_filter(vector.v, '{{a}}') AS tsv_title,
        ts_filter(vector.v, '{{b}}') AS tsv_keywords,
        ({source.public}) AS is_public
    FROM {source.table} m {source.joins} {join}
        -- Parsed once (OFFSET 0 keeps the planner from inlining it three times); the title
        -- and keyword vectors are filtered out of it by weight.
        CROSS JOIN LATERAL (SELECT {vector} AS v OFFSET 0) vector
    WHERE {where}
    """


def has_non_ascii(source: Source) -> str:
    """SQL condition: some text of the row needs Python's preparation."""
    return " OR ".join(f"{source.texts[part]} ~ '[^\\x01-\\x7f]'" for part in TEXT_PARTS)
