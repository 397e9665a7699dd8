"""Journey: a TTO officer uploads a file with a broken row, reads the check, confirms, imports."""

import re

import pytest

from accounts.tests.factories import TEST_PASSWORD
from achievements.models import Achievement

pytestmark = pytest.mark.django_db(transaction=True)

CSV = (
    "external_id,title_en,summary_en,trl\n"
    "QT-1,Solar membrane,Desalinates with sunlight.,4\n"
    "QT-2,Broken row,TRL out of range,12\n"
    "QT-3,Cement kiln heat recovery,Recovers 30% of waste heat.,6\n"
)


def test_an_officer_checks_confirms_and_imports_a_file(page, tto_a, tmp_path):
    source = tmp_path / "listings.csv"
    source.write_text(CSV, encoding="utf-8")

    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(tto_a.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard/")

    page.get_by_role("link", name="Listings").click()
    page.get_by_role("link", name="Bulk import").click()
    page.get_by_label("File (CSV, XLSX or JSON Lines)").set_input_files(str(source))
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_url(re.compile(r".*/achievements/import/\d+/$"))

    # The dry run: one problem named by row and column, nothing written yet.
    assert page.locator('[data-testid="error-rows"]').inner_text() == "1"
    problems = page.locator('[data-testid="import-errors"]')
    assert "3" in problems.locator("td").nth(0).inner_text()
    assert problems.locator("td").nth(1).inner_text() == "trl"
    assert Achievement.objects.count() == 0

    page.get_by_label("Leave out the 1 row with errors and import the other rows.").check()
    page.get_by_role("button", name="Import 2 rows").click()
    page.wait_for_selector('[data-testid="created"]')
    assert page.locator('[data-testid="created"]').inner_text() == "2"
    assert page.get_by_role("link", name="Download the result report (CSV)").is_visible()
    assert sorted(Achievement.objects.values_list("external_id", flat=True)) == ["QT-1", "QT-3"]


def test_the_progress_bar_follows_a_running_job_and_shows_the_result(page, tto_a, university_a):
    from django.core.cache import cache
    from django.core.files.base import ContentFile

    from achievements.models import ImportJob
    from achievements.services.imports import progress_key

    job = ImportJob(
        institution=university_a, created_by=tto_a, format="csv", original_name="big.csv"
    )
    job.source.save("imports/big.csv", ContentFile(b"external_id\nA\n"), save=False)
    job.save()  # "checking", as while a worker is busy with it
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(tto_a.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard/")

    page.goto(f"/achievements/import/{job.pk}/")
    cache.set(progress_key(job.pk), 1234, 60)
    page.wait_for_function(
        "document.querySelector('[data-role=count]').textContent.trim() === '1234'"
    )
    ImportJob.objects.filter(pk=job.pk).update(status="checked", total_rows=2000, error_rows=0)
    page.wait_for_selector('[data-testid="rows"]')  # the page reloaded when the job settled
    assert page.locator('[data-testid="rows"]').inner_text() == "2000"
