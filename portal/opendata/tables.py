"""What an exported table is: typed columns over a queryset of public rows.

A table is defined once (in each app's `opendata.py`) and drives the CSV and JSON Lines
writers, the HTTP export and the `datapackage.json` schema, so the three cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.expressions import ArraySubquery
from django.db import models
from django.db.models import F, OuterRef
from django.db.models.expressions import Combinable

# Table Schema types (https://specs.frictionlessdata.io/table-schema/#types-and-formats).
INTEGER, STRING, NUMBER, BOOLEAN, DATE, DATETIME, ARRAY = (
    "integer",
    "string",
    "number",
    "boolean",
    "date",
    "datetime",
    "array",
)
CHUNK_ROWS = 2000  # rows fetched per round trip from the server-side cursor
COMPUTED = "export__"


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    # A lookup ("institution__slug") or expression; None means the model field of that name.
    source: str | Combinable | None = None
    enum: Sequence[str] | None = None
    unique: bool = False
    # Turns the database value into the exported one (links, for example).
    derive: Callable[[dict[str, Any]], Any] | None = None

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "description": self.description,
        }
        if self.type == DATETIME:
            schema["format"] = "default"  # YYYY-MM-DDThh:mm:ssZ, UTC
        constraints: dict[str, Any] = {}
        if self.enum is not None:
            constraints["enum"] = list(self.enum)
        if self.unique or self.name == "id":
            constraints.update(required=True, unique=True)
        if constraints:
            schema["constraints"] = constraints
        return schema


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    # Called with the visitor (an AnonymousUser): the public rows, through visible_to.
    public_rows: Callable[[Any], models.QuerySet[Any]]
    columns: Sequence[Column]
    foreign_keys: Sequence[dict[str, Any]] = field(default_factory=tuple)

    def queryset(self) -> models.QuerySet[Any]:
        """Public rows as dicts, ordered by id, with every column computed in the database."""
        plain = [c.name for c in self.columns if c.source is None and c.derive is None]
        # Computed columns get a prefix: "fields" would clash with the model's own relation.
        named: dict[str, Any] = {
            f"{COMPUTED}{c.name}": F(c.source) if isinstance(c.source, str) else c.source
            for c in self.columns
            if c.source is not None
        }
        return self.public_rows(AnonymousUser()).order_by("pk").values(*plain, **named)

    def rows(self) -> Iterator[dict[str, Any]]:
        """Every public row, fetched CHUNK_ROWS at a time from a server-side cursor."""
        for row in self.queryset().iterator(chunk_size=CHUNK_ROWS):
            for name in [key for key in row if key.startswith(COMPUTED)]:
                row[name.removeprefix(COMPUTED)] = row.pop(name)
            for column in self.columns:
                if column.derive is not None:
                    row[column.name] = column.derive(row)
            yield {column.name: row[column.name] for column in self.columns}

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "fields": [column.schema() for column in self.columns],
            "primaryKey": ["id"],
            "missingValues": [""],
        }
        if self.foreign_keys:
            schema["foreignKeys"] = list(self.foreign_keys)
        return schema


# --- helpers for table definitions ---------------------------------------------------------------


def field_codes(model: type[models.Model]) -> ArraySubquery:
    """The codes of a row's fields, as one array computed in the same query."""
    from portal.models import Field

    relation = str(model._meta.get_field("fields").remote_field.related_name)  # type: ignore[union-attr]
    return ArraySubquery(
        Field.objects.filter(**{relation: OuterRef("pk")}).order_by("position").values("code")
    )


def page_link(prefix: str) -> Callable[[dict[str, Any]], str]:
    """The row's page on the portal: SITE_URL + prefix + id."""

    def link(row: dict[str, Any]) -> str:
        return f"{settings.SITE_URL}{prefix}{row['id']}/"

    return link


def choices(enum: type[models.Choices]) -> list[str]:
    return [str(value) for value in enum.values]


# --- values as exported ------------------------------------------------------------------------


def json_value(value: Any) -> Any:
    """A value as JSON: datetimes in UTC (…Z, whole seconds), decimals as numbers."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)  # prices have at most 14 digits: exact as a double
    return value


def csv_value(value: Any) -> str:
    """A value as a CSV cell: empty for null, true/false, arrays as JSON text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if isinstance(value, Decimal):
        return str(value)
    return str(json_value(value))
