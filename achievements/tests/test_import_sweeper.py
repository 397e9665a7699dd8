"""A job whose task message was lost is enqueued again; a finished job is left alone."""

import datetime as dt

import pytest
from django.utils import timezone

from achievements.models import Achievement, ImportJob
from achievements.services.imports import import_sweep
from achievements.tests.importing import csv_file

pytestmark = pytest.mark.django_db


def test_a_job_stuck_before_its_check_is_checked_by_the_sweeper(
    tto_a, university_a, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    job = ImportJob(institution=university_a, created_by=tto_a, format="csv", original_name="a.csv")
    job.source.save(
        "imports/test.csv",
        ContentFile(csv_file([{"external_id": "A", "title_en": "A"}]).read()),
        save=False,
    )
    job.save()  # as if the broker lost the check task
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))

    with django_capture_on_commit_callbacks(execute=True):
        assert import_sweep() == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED
    with django_capture_on_commit_callbacks(execute=True):
        assert import_sweep() == 0


def test_a_confirmed_job_whose_run_was_lost_is_imported_by_the_sweeper(
    tto_a, university_a, django_capture_on_commit_callbacks
):
    from achievements.tests.importing import checked_job

    job = checked_job(
        tto_a,
        university_a,
        csv_file([{"external_id": "A", "title_en": "A"}]),
        django_capture_on_commit_callbacks,
    )
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.IMPORTING, confirmed_at=timezone.now() - dt.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert import_sweep() == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert Achievement.objects.count() == 1
