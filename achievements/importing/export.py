"""Export of an institution's own listings in the import's columns and formats (round-trip)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet

from achievements.importing.columns import COLUMNS
from achievements.models import Achievement, AchievementInventor
from achievements.values import decimal_text, patent_values, sorted_patents

LIST_COLUMNS = {"keywords", "fields", "transfer_modes", "inventors"}
FORMULA_STARTS = ("=", "+", "-", "@")


def listing_rows(listings: QuerySet[Achievement]) -> Iterator[dict[str, Any]]:
    """Canonical values, one dict per listing, in COLUMNS order."""
    queryset = listings.order_by("pk").prefetch_related(
        "fields",
        "patents",
        Prefetch("inventors", queryset=AchievementInventor.objects.order_by("position", "id")),
    )
    for listing in queryset.iterator(chunk_size=1000):
        row: dict[str, Any] = {}
        for column in COLUMNS:
            if column == "fields":
                row[column] = sorted(field.code for field in listing.fields.all())
            elif column == "patents":
                row[column] = sorted_patents([patent_values(p) for p in listing.patents.all()])
            elif column == "inventors":
                row[column] = [inventor.name for inventor in listing.inventors.all()]
            elif column in {"price_min", "price_max"}:
                row[column] = decimal_text(getattr(listing, column))
            else:
                row[column] = getattr(listing, column)
        yield row


def _cell(column: str, value: Any) -> Any:
    """A spreadsheet cell: lists joined with "; ", formula-like text defused with an apostrophe."""
    if column == "patents":
        value = "; ".join(
            "|".join(
                p[key]
                for key in (
                    "jurisdiction",
                    "number",
                    "kind",
                    "status",
                    "filing_date",
                    "grant_date",
                    "title",
                )
            ).rstrip("|")
            for p in value
        )
    elif column in LIST_COLUMNS:
        value = "; ".join(value)
    elif value is None:
        value = ""
    elif isinstance(value, bool):
        value = "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        value = "'" + value
    return value


def export_csv(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"  # BOM: Excel then reads the file as UTF-8
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_cell(c, row[c]) for c in COLUMNS])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def export_jsonl(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def export_xlsx(rows: Iterator[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("listings")
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([_cell(c, row[c]) for c in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
