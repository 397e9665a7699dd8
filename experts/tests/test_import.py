"""Importing the profiles a TTO keeps, through the listings' import jobs (docs/import.md)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from achievements.models import ImportJob
from achievements.services.imports import import_job_confirm, import_job_create
from achievements.tests.importing import csv_file, jsonl_file
from experts.models import Expert
from portal.audit import history
from portal.search import search

pytestmark = pytest.mark.django_db
J = ImportJob.Status


def row(n: int, **changes: str) -> dict[str, str]:
    return {
        "external_id": f"EXP-{n}",
        "name_zh": f"专家{n}",
        "name_en": f"Expert Number{n}",
        "title": "Professor",
        "keywords": "membranes; desalination",
        "fields": "2.5",
        "languages": "zh-hans; en",
        "available_for_evaluation": "yes",
        "available_for_consulting": "no",
        "visibility": "public",
        **changes,
    }


def run(actor, institution, upload, capture, *, skip_errors: bool = False) -> ImportJob:
    with capture(execute=True):
        job = import_job_create(
            actor=actor, institution=institution, upload=upload, kind=ImportJob.Kind.EXPERTS
        )
    job.refresh_from_db()
    assert job.status == J.CHECKED, (job.file_error, job.errors[:3])
    with capture(execute=True):
        import_job_confirm(actor=actor, job=job, skip_errors=skip_errors)
    job.refresh_from_db()
    return job


def test_an_import_creates_kept_profiles_and_a_reimport_changes_nothing(
    tto_a, university_a, django_capture_on_commit_callbacks
):
    upload = [row(1), row(2)]
    job = run(
        tto_a, university_a, csv_file(upload, "experts.csv"), django_capture_on_commit_callbacks
    )
    assert (job.status, job.created_count) == (J.DONE, 2)
    expert = Expert.objects.get(external_id="EXP-1")
    assert expert.managed_by == university_a
    assert expert.keywords == ["membranes", "desalination"]
    assert expert.languages == ["en", "zh-hans"]
    assert list(expert.fields.values_list("code", flat=True)) == ["2.5"]
    assert search("desalination", types=["expert"], user=None).total == 2
    stamp = Expert.objects.order_by("pk").values_list("updated_at", flat=True)
    before = list(stamp)
    again = run(
        tto_a, university_a, csv_file(upload, "experts.csv"), django_capture_on_commit_callbacks
    )
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 2)
    assert list(stamp) == before
    assert Expert.objects.count() == 2
    assert [e.action for e in history(expert)] == ["import_create"]


def test_a_changed_row_updates_its_profile_only(
    tto_a, university_a, django_capture_on_commit_callbacks
):
    run(
        tto_a, university_a, csv_file([row(1), row(2)], "a.csv"), django_capture_on_commit_callbacks
    )
    job = run(
        tto_a,
        university_a,
        jsonl_file([row(1, title="Emeritus"), row(2)], "b.jsonl"),
        django_capture_on_commit_callbacks,
    )
    assert (job.updated_count, job.unchanged_count) == (1, 1)
    assert Expert.objects.get(external_id="EXP-1").title == "Emeritus"


def test_the_dry_run_reports_each_bad_cell(tto_a, university_a, django_capture_on_commit_callbacks):
    upload = csv_file(
        [row(1, languages="klingon"), row(2, visibility="secret"), row(3, name_zh="", name_en="")],
        "bad.csv",
    )
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(
            actor=tto_a, institution=university_a, upload=upload, kind=ImportJob.Kind.EXPERTS
        )
    job.refresh_from_db()
    assert job.error_rows == 3
    assert {(e["row"], e["column"]) for e in job.errors} == {
        (2, "languages"),
        (3, "visibility"),
        (4, "name_en"),
    }
    assert not Expert.objects.exists()


def test_only_the_institutions_tto_imports(tto_b, researcher_a, university_a):
    for user in (tto_b, researcher_a):
        with pytest.raises(PermissionDenied):
            import_job_create(
                actor=user,
                institution=university_a,
                upload=csv_file([row(1)], "x.csv"),
                kind=ImportJob.Kind.EXPERTS,
            )


def test_the_import_page(client_for, tto_a, university_a, researcher_a):
    page = client_for(tto_a).get("/experts/import/")
    assert page.status_code == 200
    assert "external_id" in page.content.decode()
    sent = client_for(tto_a).post(
        "/experts/import/",
        {"institution": university_a.pk, "file": csv_file([row(1)], "p.csv")},
    )
    assert sent.status_code == 302
    assert ImportJob.objects.get().kind == "experts"
    assert client_for(researcher_a).get("/experts/import/").status_code == 403


def test_an_xlsx_file_imports_the_same_way(tto_a, university_a, django_capture_on_commit_callbacks):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    columns = list(row(1))
    sheet.append(columns)
    for n in (1, 2, 3):
        sheet.append([row(n)[c] for c in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("experts.xlsx", buffer.getvalue(), "application/octet-stream")
    job = run(tto_a, university_a, upload, django_capture_on_commit_callbacks)
    assert (job.format, job.created_count) == ("xlsx", 3)
    assert set(Expert.objects.values_list("external_id", flat=True)) == {"EXP-1", "EXP-2", "EXP-3"}


def test_a_row_changing_only_the_fields_updates_them(
    tto_a, university_a, django_capture_on_commit_callbacks
):
    run(tto_a, university_a, csv_file([row(1)], "a.csv"), django_capture_on_commit_callbacks)
    job = run(
        tto_a,
        university_a,
        csv_file([row(1, fields="3.4; 2.5")], "b.csv"),
        django_capture_on_commit_callbacks,
    )
    assert (job.updated_count, job.unchanged_count) == (1, 0)
    expert = Expert.objects.get(external_id="EXP-1")
    assert sorted(expert.fields.values_list("code", flat=True)) == ["2.5", "3.4"]
    assert [e.action for e in history(expert)] == ["import_update", "import_create"]
