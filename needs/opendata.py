"""The open-data table of published technology needs."""

from __future__ import annotations

from typing import Any

from django.db import models

from needs.models import Need
from portal.opendata.tables import (
    ARRAY,
    BOOLEAN,
    DATE,
    DATETIME,
    INTEGER,
    NUMBER,
    STRING,
    Column,
    Table,
    choices,
    field_codes,
    page_link,
)
from portal.vocabulary import Currency, Region


def _public(user: Any) -> models.QuerySet[Need]:
    return Need.objects.visible_to(user).published()


TABLE = Table(
    name="needs",
    title="Technology needs",
    description="Published technology needs of enterprises.",
    public_rows=_public,
    columns=[
        Column("id", INTEGER, "Keqiao's id of the need."),
        Column("url", STRING, "The need's page.", derive=page_link("/needs/")),
        Column("title", STRING, "Title."),
        Column("description", STRING, "What is sought."),
        Column("keywords", ARRAY, "Keywords."),
        Column("fields", ARRAY, "Codes of the need's fields.", source=field_codes(Need)),
        Column(
            "organization",
            STRING,
            "Short name (slug) of the enterprise.",
            source="organization__slug",
        ),
        Column(
            "organization_name_zh", STRING, "Enterprise, Chinese name.", "organization__name_zh"
        ),
        Column(
            "organization_name_en", STRING, "Enterprise, English name.", "organization__name_en"
        ),
        Column("region", STRING, "Where the technology is needed.", enum=choices(Region)),
        Column("trl_min", INTEGER, "Lowest acceptable technology readiness level."),
        Column("trl_max", INTEGER, "Highest technology readiness level sought."),
        Column("budget_negotiable", BOOLEAN, "Whether the budget is negotiable."),
        Column("budget_min", NUMBER, "Budget from."),
        Column("budget_max", NUMBER, "Budget up to."),
        Column("currency", STRING, "Currency of the budget.", enum=choices(Currency)),
        Column("deadline", DATE, "Deadline."),
        Column("cooperation_modes", ARRAY, "Preferred cooperation modes."),
        Column("published_at", DATETIME, "When the need was published (UTC)."),
        Column("updated_at", DATETIME, "When the need last changed (UTC)."),
    ],
    foreign_keys=[
        {"fields": ["organization"], "reference": {"resource": "organizations", "fields": ["slug"]}}
    ],
)
