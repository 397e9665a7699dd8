"""Bulk import: dry run first, per-row errors, idempotent upsert, all or nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from achievements.importing.write import BatchWriter
from achievements.models import Achievement, AchievementRevision, ImportJob
from achievements.services.imports import import_job_confirm, import_job_create
from achievements.tests.factories import AchievementFactory
from achievements.tests.importing import (
    checked_job,
    csv_file,
    imported_job,
    jsonl_file,
    xlsx_file,
)
from portal.models import AuditLogEntry

pytestmark = pytest.mark.django_db

J = ImportJob.Status


def row(n: int, **values) -> dict:
    base = {
        "external_id": f"QT-{n:04d}",
        "title_zh": f"成果{n}",
        "title_en": f"Achievement {n}",
        "summary_en": "Cuts energy use by 30% in cement kilns.",
        "keywords": "cement; energy",
        "fields": "2.7",
        "trl": "5",
        "ip_status": "patented",
        "patents": f"CN|ZL2021{n:06d}.1|invention|granted|2021-03-01|2022-05-01",
        "transfer_modes": "exclusive-licence; assignment",
        "price_negotiable": "false",
        "price_min": "100000",
        "price_max": "250000",
        "currency": "CNY",
        "contact_email": "tto@example.org",
        "inventors": "张三; Li Si",
    }
    base.update(values)
    return base


def test_the_dry_run_reports_what_would_happen_and_writes_nothing(
    tto_a, university_a, django_capture_on_commit_callbacks
):
    job = checked_job(
        tto_a, university_a, csv_file([row(1), row(2)]), django_capture_on_commit_callbacks
    )
    assert job.status == J.CHECKED
    assert (job.total_rows, job.error_rows, job.created_count) == (2, 0, 2)
    assert not Achievement.objects.exists()


def test_a_csv_import_creates_complete_draft_listings(
    tto_a, university_a, django_capture_on_commit_callbacks
):
    job = imported_job(tto_a, university_a, csv_file([row(1)]), django_capture_on_commit_callbacks)
    assert job.status == J.DONE, job.file_error
    listing = Achievement.objects.get()
    assert listing.status == Achievement.Status.DRAFT
    assert (listing.external_id, listing.title_zh, listing.trl) == ("QT-0001", "成果1", 5)
    assert listing.keywords == ["cement", "energy"]
    assert [f.code for f in listing.fields.all()] == ["2.7"]
    assert [(p.number, p.status, str(p.grant_date)) for p in listing.patents.all()] == [
        ("ZL2021000001.1", "granted", "2022-05-01")
    ]
    assert listing.transfer_modes == ["exclusive-licence", "assignment"]
    assert (listing.price_negotiable, str(listing.price_min)) == (False, "100000.00")
    assert [i.name for i in listing.inventors.all()] == ["张三", "Li Si"]
    assert listing.created_by == tto_a
    assert listing.institution == university_a


def test_re_importing_the_same_file_changes_nothing(
    tto_a, university_a, django_capture_on_commit_callbacks
):
    rows = [row(n) for n in range(1, 6)]
    imported_job(tto_a, university_a, csv_file(rows), django_capture_on_commit_callbacks)
    before = list(Achievement.objects.order_by("pk").values())
    audit_rows = AuditLogEntry.objects.filter(content_type__model="achievement").count()

    again = imported_job(tto_a, university_a, csv_file(rows), django_capture_on_commit_callbacks)

    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 5)
    assert list(Achievement.objects.order_by("pk").values()) == before  # updated_at too
    assert AuditLogEntry.objects.filter(content_type__model="achievement").count() == audit_rows


def test_a_changed_row_updates_only_that_listing(
    tto_a, university_a, django_capture_on_commit_callbacks
):
    imported_job(
        tto_a, university_a, csv_file([row(1), row(2)]), django_capture_on_commit_callbacks
    )
    job = imported_job(
        tto_a,
        university_a,
        csv_file([row(1), row(2, trl="7", fields="2.7; 2.5")]),
        django_capture_on_commit_callbacks,
    )
    assert (job.updated_count, job.unchanged_count) == (1, 1)
    listing = Achievement.objects.get(external_id="QT-0002")
    assert listing.trl == 7
    assert sorted(f.code for f in listing.fields.all()) == ["2.5", "2.7"]


def test_columns_left_out_keep_their_values(
    tto_a, university_a, django_capture_on_commit_callbacks
):
    imported_job(tto_a, university_a, csv_file([row(1)]), django_capture_on_commit_callbacks)
    imported_job(
        tto_a,
        university_a,
        csv_file([{"external_id": "QT-0001", "trl": "8"}]),
        django_capture_on_commit_callbacks,
    )
    listing = Achievement.objects.get()
    assert (listing.trl, listing.title_en, listing.patents.count()) == (8, "Achievement 1", 1)


def test_every_broken_row_is_reported_with_row_column_and_message(
    tto_a, university_a, django_capture_on_commit_callbacks
):
    rows = [
        row(1),
        row(2, trl="12"),
        row(3, external_id=""),
        row(4, contact_email="not-an-email"),
        row(5, title_zh="", title_en=""),
        row(6, price_min="300000", price_max="100"),
        row(7, fields="99.99"),
        row(1, title_en="Duplicate key"),
    ]
    job = checked_job(tto_a, university_a, csv_file(rows), django_capture_on_commit_callbacks)
    found = {(e["row"], e["column"]) for e in job.errors}
    assert found == {
        (3, "trl"),
        (4, "external_id"),
        (5, "contact_email"),
        (6, "title_zh/title_en"),
        (7, "price_min"),
        (8, "fields"),
        (9, "external_id"),
    }
    messages = {e["row"]: e["message"] for e in job.errors}
    assert "1 to 9" in messages[3]
    assert "row 2" in messages[9]
    assert (job.total_rows, job.error_rows) == (8, 7)


def test_broken_rows_are_imported_around_only_after_confirmation(
    tto_a, university_a, django_capture_on_commit_callbacks
):
    # 2,000 rows over two batches, every 20th broken: 5%.
    rows = [row(n, trl="0" if n % 20 == 0 else "4") for n in range(1, 2001)]
    job = checked_job(tto_a, university_a, csv_file(rows), django_capture_on_commit_callbacks)
    assert job.error_rows == 100
    assert [e["row"] for e in job.errors] == [n + 1 for n in range(20, 2001, 20)]

    with pytest.raises(ValidationError) as error:
        import_job_confirm(actor=tto_a, job=job, skip_errors=False)
    assert "skip_errors" in error.value.message_dict
    assert not Achievement.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        import_job_confirm(actor=tto_a, job=job, skip_errors=True)
    job.refresh_from_db()
    assert job.status == J.DONE
    assert Achievement.objects.count() == 1900
    assert not Achievement.objects.filter(external_id="QT-0020").exists()
    report = job.report.read().decode("utf-8-sig")
    assert report.count(",skipped,") == 100
    assert "21,,skipped,trl," in report


def test_a_failure_halfway_writes_nothing(
    tto_a, university_a, django_capture_on_commit_callbacks, monkeypatch
):
    from achievements.services import imports

    monkeypatch.setattr(imports, "BATCH_SIZE", 2)
    job = checked_job(
        tto_a,
        university_a,
        csv_file([row(n) for n in range(1, 8)]),
        django_capture_on_commit_callbacks,
    )
    # Between the dry run and the import another listing takes a title-less shape: simulate a
    # row that fails only at import time by making the writer blow up on the third batch.
    original = BatchWriter.write
    calls = {"n": 0}

    def flaky(self, plan):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("database went away")
        return original(self, plan)

    monkeypatch.setattr(BatchWriter, "write", flaky)
    with django_capture_on_commit_callbacks(execute=True):
        import_job_confirm(actor=tto_a, job=job, skip_errors=False)
    job.refresh_from_db()
    assert job.status == J.FAILED
    assert "database went away" in job.file_error
    assert not Achievement.objects.exists()


def test_xlsx_and_json_lines_import_the_same_listing(
    tto_a, university_a, django_capture_on_commit_callbacks
):
    imported_job(tto_a, university_a, xlsx_file([row(1)]), django_capture_on_commit_callbacks)
    json_row = row(1) | {
        "keywords": ["cement", "energy"],
        "trl": 5,
        "price_negotiable": False,
        "patents": [
            {
                "jurisdiction": "CN",
                "number": "ZL2021000001.1",
                "kind": "invention",
                "status": "granted",
                "filing_date": "2021-03-01",
                "grant_date": "2022-05-01",
            }
        ],
        "inventors": ["张三", "Li Si"],
        "transfer_modes": ["exclusive-licence", "assignment"],
    }
    job = imported_job(
        tto_a, university_a, jsonl_file([json_row]), django_capture_on_commit_callbacks
    )
    assert (job.created_count, job.unchanged_count) == (0, 1)


def test_the_format_is_decided_by_content_not_name(
    tto_a, university_a, django_capture_on_commit_callbacks
):
    upload = jsonl_file([row(1)], name="listings.csv")
    job = checked_job(tto_a, university_a, upload, django_capture_on_commit_callbacks)
    assert job.format == "jsonl"
    from django.core.files.uploadedfile import SimpleUploadedFile

    not_a_workbook = SimpleUploadedFile("x.csv", b"PK\x03\x04garbage", "text/csv")
    with pytest.raises(ValidationError):
        import_job_create(actor=tto_a, institution=university_a, upload=not_a_workbook)


def test_a_gb18030_csv_from_excel_is_read(tto_a, university_a, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = "external_id,title_zh\nQT-9,高效节能水泥窑\n".encode("gb18030")
    job = imported_job(
        tto_a, university_a, SimpleUploadedFile("a.csv", data), django_capture_on_commit_callbacks
    )
    assert job.status == J.DONE
    assert Achievement.objects.get().title_zh == "高效节能水泥窑"


def test_a_material_change_to_a_published_listing_waits_for_review(
    tto_a, university_a, django_capture_on_commit_callbacks
):
    live = AchievementFactory.create(
        institution=university_a, external_id="QT-0001", title_en="Live"
    )
    job = imported_job(
        tto_a,
        university_a,
        csv_file([{"external_id": "QT-0001", "title_en": "Imported", "trl": "8"}]),
        django_capture_on_commit_callbacks,
    )
    assert job.revision_count == 1
    live.refresh_from_db()
    assert (live.title_en, live.trl) == ("Live", 8)
    revision = live.revisions.get()
    assert (revision.status, revision.data["title_en"]) == (
        AchievementRevision.Status.SUBMITTED,
        "Imported",
    )

    again = imported_job(
        tto_a,
        university_a,
        csv_file([{"external_id": "QT-0001", "title_en": "Imported", "trl": "8"}]),
        django_capture_on_commit_callbacks,
    )
    assert (again.revision_count, again.unchanged_count) == (0, 1)


def test_an_officer_cannot_import_into_another_institution(tto_b, university_a):
    with pytest.raises(PermissionDenied):
        import_job_create(actor=tto_b, institution=university_a, upload=csv_file([row(1)]))


def test_the_same_external_id_at_two_institutions_are_two_listings(
    tto_a, tto_b, university_a, university_b, django_capture_on_commit_callbacks
):
    imported_job(tto_a, university_a, csv_file([row(1)]), django_capture_on_commit_callbacks)
    imported_job(tto_b, university_b, csv_file([row(1)]), django_capture_on_commit_callbacks)
    assert Achievement.objects.filter(external_id="QT-0001").count() == 2


def test_a_redelivered_run_task_is_a_no_op(tto_a, university_a, django_capture_on_commit_callbacks):
    from achievements.tasks import run_import

    job = imported_job(tto_a, university_a, csv_file([row(1)]), django_capture_on_commit_callbacks)
    assert run_import(job.pk) == J.DONE
    assert Achievement.objects.count() == 1
