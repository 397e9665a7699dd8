"""A bulk import runs in a real `celery worker` through Redis: check, confirm, import.

The job is created in this process; the tasks are enqueued by a separate Python process
configured with the Redis broker, exactly as a web request would after its commit.
"""

import subprocess
import sys

import pytest
from django.core.files.base import ContentFile

from achievements.models import Achievement, ImportJob
from tests.queue import ROOT, celery_worker, child_environment, redis_or_skip, wait_until

pytestmark = [pytest.mark.queue, pytest.mark.django_db(transaction=True)]

CSV = "external_id,title_en,trl\nQ-1,Queue one,3\nQ-2,Queue two,4\nQ-3,Broken,99\n"

ENQUEUE = """
import django, sys
django.setup()
from django.db import transaction
from accounts.models import User
from achievements.models import ImportJob
from achievements.services.imports import import_job_confirm
from achievements.tasks import check_import
job = ImportJob.objects.get(pk=int(sys.argv[2]))
if sys.argv[1] == "check":
    check_import.delay(job.pk)
else:
    with transaction.atomic():
        import_job_confirm(actor=job.created_by, job=job, skip_errors=True)
"""


def enqueue(redis_url: str, step: str, job_id: int) -> None:
    subprocess.run(
        [sys.executable, "-c", ENQUEUE, step, str(job_id)],
        cwd=ROOT,
        env=child_environment(redis_url),
        check=True,
        timeout=60,
    )


def status(job_id: int) -> str:
    return ImportJob.objects.get(pk=job_id).status


def test_a_worker_checks_and_imports_a_file(tto_a, university_a):
    redis_url = redis_or_skip()
    job = ImportJob(institution=university_a, created_by=tto_a, format="csv", original_name="q.csv")
    job.source.save("imports/queue-test.csv", ContentFile(CSV.encode()), save=False)
    job.save()

    with celery_worker(redis_url):
        enqueue(redis_url, "check", job.pk)
        assert wait_until(lambda: status(job.pk) == "checked", timeout=60)
        job.refresh_from_db()
        assert (job.total_rows, job.error_rows, job.created_count) == (3, 1, 2)
        assert Achievement.objects.count() == 0

        enqueue(redis_url, "run", job.pk)
        assert wait_until(lambda: status(job.pk) == "done", timeout=60)

    assert sorted(Achievement.objects.values_list("external_id", flat=True)) == ["Q-1", "Q-2"]
