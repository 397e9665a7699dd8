"""The open-data table of public expert profiles."""

from __future__ import annotations

from typing import Any

from django.db import models

from experts.models import Expert
from portal.opendata.tables import (
    ARRAY,
    BOOLEAN,
    DATETIME,
    INTEGER,
    STRING,
    Column,
    Table,
    field_codes,
    page_link,
)


def _public(user: Any) -> models.QuerySet[Expert]:
    return Expert.objects.visible_to(user)


TABLE = Table(
    name="experts",
    title="Experts",
    description="Public profiles of experts in the pool (profiles their owners made public).",
    public_rows=_public,
    columns=[
        Column("id", INTEGER, "Keqiao's id of the profile."),
        Column("url", STRING, "The expert's page.", derive=page_link("/experts/")),
        Column("name_zh", STRING, "Name in Chinese."),
        Column("name_en", STRING, "Name in English."),
        Column("title", STRING, "Professional title."),
        # Not a foreign key: an expert's organisation need not be in the public directory.
        Column(
            "organization",
            STRING,
            "Short name (slug) of the expert's organisation.",
            source="organization__slug",
        ),
        Column("fields", ARRAY, "Codes of the expert's fields.", source=field_codes(Expert)),
        Column("keywords", ARRAY, "Areas of expertise."),
        Column("bio", STRING, "Biography."),
        Column("publications", STRING, "Selected publications."),
        Column("patents", STRING, "Selected patents."),
        Column("languages", ARRAY, "Working languages."),
        Column("available_for_consulting", BOOLEAN, "Available for consulting."),
        Column("available_for_evaluation", BOOLEAN, "Available for evaluation."),
        Column("available_for_mentoring", BOOLEAN, "Available for mentoring."),
        Column("updated_at", DATETIME, "When the profile last changed (UTC)."),
    ],
)
