"""The open-data table of published achievements."""

from __future__ import annotations

from typing import Any

from django.db import models

from achievements.models import Achievement
from portal.opendata.tables import (
    ARRAY,
    BOOLEAN,
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
from portal.vocabulary import Currency, DevelopmentStage, IPStatus, Region


def _public(user: Any) -> models.QuerySet[Achievement]:
    return Achievement.objects.visible_to(user).published()


TABLE = Table(
    name="achievements",
    title="Research achievements",
    description="Published research achievements available for transfer.",
    public_rows=_public,
    columns=[
        Column("id", INTEGER, "Keqiao's id of the listing."),
        Column("url", STRING, "The listing's page.", derive=page_link("/achievements/")),
        Column("title_zh", STRING, "Title in Chinese."),
        Column("title_en", STRING, "Title in English."),
        Column("summary_zh", STRING, "Summary in Chinese."),
        Column("summary_en", STRING, "Summary in English."),
        Column("description", STRING, "Description (Markdown)."),
        Column("keywords", ARRAY, "Keywords."),
        Column("fields", ARRAY, "Codes of the listing's fields.", source=field_codes(Achievement)),
        Column(
            "institution",
            STRING,
            "Short name (slug) of the institution.",
            source="institution__slug",
        ),
        Column("institution_name_zh", STRING, "Institution, Chinese name.", "institution__name_zh"),
        Column("institution_name_en", STRING, "Institution, English name.", "institution__name_en"),
        Column(
            "region",
            STRING,
            "Region of the institution.",
            source="institution__region",
            enum=choices(Region),
        ),
        Column("trl", INTEGER, "Technology readiness level, 1 to 9."),
        Column("development_stage", STRING, "Development stage.", enum=choices(DevelopmentStage)),
        Column("ip_status", STRING, "Intellectual-property status.", enum=choices(IPStatus)),
        Column("transfer_modes", ARRAY, "Transfer modes offered."),
        Column("price_negotiable", BOOLEAN, "Whether the price is negotiable."),
        Column("price_min", NUMBER, "Price from."),
        Column("price_max", NUMBER, "Price up to."),
        Column("currency", STRING, "Currency of the prices.", enum=choices(Currency)),
        Column("published_at", DATETIME, "When the listing was published (UTC)."),
        Column("updated_at", DATETIME, "When the listing last changed (UTC)."),
    ],
    foreign_keys=[
        {"fields": ["institution"], "reference": {"resource": "organizations", "fields": ["slug"]}}
    ],
)
