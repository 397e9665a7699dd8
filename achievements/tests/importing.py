"""Helpers for import tests: write files in each format, run a job through check and import."""

from __future__ import annotations

import csv
import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile

from achievements.importing.columns import COLUMNS
from achievements.models import ImportJob
from achievements.services.imports import import_job_confirm, import_job_create


def csv_file(
    rows: list[dict], name: str = "listings.csv", columns: list[str] | None = None
) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns or list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), "text/csv")


def jsonl_file(rows: list[dict], name: str = "listings.jsonl") -> SimpleUploadedFile:
    data = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    return SimpleUploadedFile(name, data.encode("utf-8"), "application/octet-stream")


def xlsx_file(rows: list[dict], name: str = "listings.xlsx") -> SimpleUploadedFile:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    columns = [c for c in COLUMNS if c in rows[0]]
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(c) for c in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), "application/octet-stream")


def checked_job(actor, institution, upload, capture) -> ImportJob:
    with capture(execute=True):
        job = import_job_create(actor=actor, institution=institution, upload=upload)
    job.refresh_from_db()
    return job


def imported_job(actor, institution, upload, capture, *, skip_errors: bool = False) -> ImportJob:
    job = checked_job(actor, institution, upload, capture)
    assert job.status == ImportJob.Status.CHECKED, (job.file_error, job.errors[:3])
    with capture(execute=True):
        import_job_confirm(actor=actor, job=job, skip_errors=skip_errors)
    job.refresh_from_db()
    return job
