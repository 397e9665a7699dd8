"""Export of an institution's own listings, in each format, imports back as "no change"."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from achievements.importing.export import export_csv, export_jsonl, export_xlsx, listing_rows
from achievements.models import Achievement
from achievements.tests.factories import AchievementFactory, PatentFactory
from achievements.tests.importing import imported_job
from portal.models import Field

pytestmark = pytest.mark.django_db


@pytest.fixture
def listings(university_a, university_b):
    rich = AchievementFactory.create(
        institution=university_a,
        external_id="QT-1",
        status=Achievement.Status.DRAFT,
        description="- first point\n- =SUM(A1) is not a formula\n\n**bold** 中文",
        keywords=["电池", "separator"],
        trl=6,
        development_stage="pilot",
        ip_status="patented",
        transfer_modes=["assignment", "technical-service"],
        price_negotiable=False,
        price_min=Decimal("1234.50"),
        price_max=None,
        currency="USD",
        contact_name="Ms Wang",
        contact_email="wang@example.org",
        contact_phone="+86 571 0000 0000",
    )
    rich.fields.set(Field.objects.filter(code__in=["2.5", "1.4"]))
    PatentFactory.create(achievement=rich, number="ZL1", jurisdiction="CN", grant_date="2020-01-02")
    PatentFactory.create(
        achievement=rich, number="US 10,000,001", jurisdiction="US", status="granted"
    )
    rich.inventors.create(name="王五", position=0)
    rich.inventors.create(name="Zhao Liu", position=1)
    AchievementFactory.create(
        institution=university_a, external_id="QT-2", title_zh="", summary_zh=""
    )
    AchievementFactory.create(institution=university_b, external_id="OTHER-1")


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "jsonl"])
def test_export_then_import_changes_nothing(
    file_format, listings, tto_a, university_a, django_capture_on_commit_callbacks
):
    rows = listing_rows(Achievement.objects.editable_by(tto_a))
    if file_format == "csv":
        data = "".join(export_csv(rows)).encode("utf-8")
    elif file_format == "jsonl":
        data = "".join(export_jsonl(rows)).encode("utf-8")
    else:
        data = export_xlsx(rows)
    before = list(Achievement.objects.order_by("pk").values())

    job = imported_job(
        tto_a,
        university_a,
        SimpleUploadedFile(f"export.{file_format}", data),
        django_capture_on_commit_callbacks,
    )

    assert job.errors == []
    assert (job.total_rows, job.unchanged_count, job.created_count, job.updated_count) == (
        2,
        2,
        0,
        0,
    )
    assert job.revision_count == 0
    assert list(Achievement.objects.order_by("pk").values()) == before


def test_an_export_holds_only_the_officers_institution(listings, tto_a):
    ids = [row["external_id"] for row in listing_rows(Achievement.objects.editable_by(tto_a))]
    assert ids == ["QT-1", "QT-2"]


def test_formula_like_cells_are_defused_in_spreadsheets(listings, tto_a):
    from openpyxl import load_workbook

    data = export_xlsx(listing_rows(Achievement.objects.editable_by(tto_a)))
    sheet = load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    description = sheet.cell(row=2, column=header.index("description") + 1)
    assert description.data_type == "s"
    assert description.value.startswith("'- first point")
