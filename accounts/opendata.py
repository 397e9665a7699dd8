"""The open-data table of organisations in the public directory."""

from __future__ import annotations

from typing import Any

from django.db import models

from accounts.models import Organization
from portal.opendata.tables import (
    BOOLEAN,
    DATETIME,
    INTEGER,
    STRING,
    Column,
    Table,
    choices,
    page_link,
)
from portal.vocabulary import Region


def _public(user: Any) -> models.QuerySet[Organization]:
    return Organization.objects.visible_to(user)


TABLE = Table(
    name="organizations",
    title="Organisations",
    description="Universities, institutes, hospitals, enterprises and agencies in the directory.",
    public_rows=_public,
    columns=[
        Column("id", INTEGER, "Keqiao's id of the organisation."),
        Column("url", STRING, "The organisation's page.", derive=page_link("/organizations/")),
        Column("slug", STRING, "Short name; the other tables refer to it.", unique=True),
        Column("kind", STRING, "Kind of organisation.", enum=choices(Organization.Kind)),
        Column("name_zh", STRING, "Name in Chinese."),
        Column("name_en", STRING, "Name in English."),
        Column("region", STRING, "Region.", enum=choices(Region)),
        Column("website", STRING, "Website."),
        Column("description", STRING, "Description."),
        Column("verified", BOOLEAN, "Whether the portal has verified the organisation."),
        Column("verified_at", DATETIME, "When it was verified (UTC)."),
    ],
)
