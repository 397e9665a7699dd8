"""Bulk import jobs: upload → dry run (check) → confirmation → import, as one transaction.

The job row and its stored file are the durable record: tasks only carry the job's id, the
check writes nothing but the job row, and the import claims the job with a conditional UPDATE,
so a redelivered task is a no-op. A job whose task message was lost is enqueued again by the
sweeper (import_sweep, in CELERY_BEAT_SCHEDULE).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
from collections.abc import Iterator
from functools import partial
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from accounts.roles import is_admin, tto_organization_ids
from achievements.importing.columns import KEY
from achievements.importing.kinds import importer_for
from achievements.importing.plan import Plan
from achievements.importing.readers import FileProblem, detect_format, read_rows
from achievements.importing.rows import Record, RowChecker
from achievements.models import ImportJob
from moderation.workflow import transition
from portal import audit
from portal.mail import queue_email

logger = logging.getLogger(__name__)
J = ImportJob.Status
BATCH_SIZE = 1000
MAX_STORED_ERRORS = 10_000
EXTENSIONS = {"csv": "csv", "xlsx": "xlsx", "jsonl": "jsonl"}


class ImportAborted(Exception):
    pass


def progress_key(job_id: int) -> str:
    return f"import-progress:{job_id}"


def import_progress(job: ImportJob) -> int:
    if job.status in {J.DONE, J.CHECKED}:
        return job.total_rows
    return int(cache.get(progress_key(job.pk)) or 0)


def require_importer(actor: User, institution: Organization) -> None:
    if not (is_admin(actor) or institution.pk in tto_organization_ids(actor)):
        raise PermissionDenied(_("Only the institution's TTO officers can import."))


def import_job_create(
    *, actor: User, institution: Organization, upload: File, kind: str = ImportJob.Kind.ACHIEVEMENTS
) -> ImportJob:
    require_importer(actor, institution)
    action = importer_for(kind).action
    if not Organization.objects.restrict(actor, action).filter(pk=institution.pk).exists():
        raise PermissionDenied(_("Only the institution's TTO officers can import."))
    size = upload.size or 0
    if size > settings.KEQIAO_IMPORT_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("The file is larger than %(limit)s.")
                % {"limit": filesizeformat(settings.KEQIAO_IMPORT_MAX_BYTES)}
            }
        )
    try:
        file_format = detect_format(upload)  # by content, not by the file's name
    except FileProblem as problem:
        raise ValidationError({"file": str(problem)}) from None
    job = ImportJob(
        institution=institution,
        kind=kind,
        created_by=actor,
        format=file_format,
        original_name=(upload.name or "import")[:200],
    )
    job.source.save(f"imports/{timezone.now():%Y%m}/{_random()}.{file_format}", upload, save=False)
    job.full_clean()
    job.save()
    audit.record(actor=actor, target=job, action="import_upload", to_state=J.CHECKING)
    _enqueue("check", job.pk)
    return job


def _random() -> str:
    import uuid

    return uuid.uuid4().hex


def _enqueue(step: str, job_id: int) -> None:
    from achievements import tasks

    task = tasks.check_import if step == "check" else tasks.run_import
    transaction.on_commit(partial(task.delay, job_id))


def _records(
    job: ImportJob, checker: RowChecker
) -> tuple[list[str], Iterator[tuple[int, Record | None, list[dict[str, Any]]]]]:
    with job.source.open("rb") as stream:
        data = stream.read()
    header, rows = read_rows(io.BytesIO(data), job.format)
    if KEY not in header and job.format != "jsonl":
        raise FileProblem(_("The file has no “external_id” column; see the column list."))

    def checked() -> Iterator[tuple[int, Record | None, list[dict[str, Any]]]]:
        for number, raw in rows:
            record, errors = checker.check(number, raw)
            yield number, record, errors

    return header, checked()


def _batches(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def import_job_check(*, job_id: int) -> ImportJob:
    """The dry run: read every row, report every problem, count what the import would do."""
    job = ImportJob.objects.get(pk=job_id)
    if job.status != J.CHECKING:
        return job  # checked already: a redelivered task changes nothing
    importer = importer_for(job.kind)
    checker = RowChecker(importer.parsers)
    errors: list[dict[str, Any]] = []
    error_rows: set[int] = set()
    counts = {"total": 0, "created": 0, "updated": 0, "unchanged": 0, "revisions": 0}
    known = importer.known(job.institution_id)
    try:
        header, checked = _records(job, checker)
        unknown = [name for name in header if name and name not in importer.columns]
        errors += [
            {"row": 0, "column": name, "message": _("unknown column, ignored")} for name in unknown
        ]
        for batch in _batches(checked, BATCH_SIZE):
            records = []
            for number, record, row_errors in batch:
                counts["total"] += 1
                if row_errors:
                    errors += row_errors
                    error_rows.add(number)
                elif record is not None:
                    records.append(record)
            plan = importer.plan_batch(records, known)
            errors += plan.errors
            error_rows.update(e["row"] for e in plan.errors)
            _count(counts, plan)
            cache.set(progress_key(job.pk), counts["total"], 3600)
    except FileProblem as problem:
        job.file_error = str(problem)
        job.status = J.FAILED
        job.save()
        return job
    job.total_rows = counts["total"]
    job.error_rows = len(error_rows)
    job.errors = sorted(errors, key=lambda e: (e["row"], e["column"]))[:MAX_STORED_ERRORS]
    job.created_count, job.updated_count = counts["created"], counts["updated"]
    job.unchanged_count, job.revision_count = counts["unchanged"], counts["revisions"]
    if job.total_rows == 0:
        job.file_error = _("The file has no data rows.")
    job.status = J.CHECKED
    job.save()
    audit.record(
        actor=None, target=job, action="import_check", from_state=J.CHECKING, to_state=J.CHECKED
    )
    return job


def _count(counts: dict[str, int], plan: Plan) -> None:
    counts["created"] += len(plan.creates)
    counts["updated"] += len(plan.updates)
    counts["unchanged"] += len(plan.unchanged)
    counts["revisions"] += len(plan.revisions)


def import_job_confirm(*, actor: User, job: ImportJob, skip_errors: bool) -> ImportJob:
    """The user has seen the dry run; with broken rows they must agree to leave them out."""
    require_importer(actor, job.institution)
    job = ImportJob.objects.get(pk=job.pk)
    if job.status == J.CHECKED:
        if job.file_error or job.valid_rows == 0:
            raise ValidationError(_("There is nothing to import from this file."))
        if job.error_rows and not skip_errors:
            raise ValidationError(
                {
                    "skip_errors": _(
                        "%(count)d rows have errors. Confirm that the other rows should be "
                        "imported without them, or fix the file and upload it again."
                    )
                    % {"count": job.error_rows}
                }
            )

    def confirm(j: ImportJob) -> None:
        j.skip_errors = skip_errors
        j.confirmed_at = timezone.now()

    job = transition(
        job,
        actor=actor,
        action="import_confirm",
        allowed_from=[J.CHECKED],
        to_state=J.IMPORTING,
        update=confirm,
        on_change=lambda j: _enqueue("run", j.pk),
    )
    return job


def import_job_cancel(*, actor: User, job: ImportJob) -> ImportJob:
    require_importer(actor, job.institution)
    return transition(
        job, actor=actor, action="import_cancel", allowed_from=[J.CHECKED], to_state=J.CANCELLED
    )


def import_job_run(*, job_id: int) -> ImportJob:
    """Import the confirmed job in one transaction: all valid rows, or nothing."""
    claimed = ImportJob.objects.filter(
        pk=job_id, status=J.IMPORTING, started_at__isnull=True
    ).update(started_at=timezone.now())
    job = ImportJob.objects.get(pk=job_id)
    if not claimed:
        return job  # another worker has it, or it is finished
    outcome: list[tuple[int, str, str, str, str]] = []
    counts = {"total": 0, "created": 0, "updated": 0, "unchanged": 0, "revisions": 0}
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:  # one import per institution at a time
                cursor.execute("SELECT pg_advisory_xact_lock(7421, %s)", [job.institution_id])
            importer = importer_for(job.kind)
            known = importer.known(job.institution_id)
            writer = importer.writer(
                institution_id=job.institution_id, actor_id=job.created_by_id, job_id=job.pk
            )
            _header, checked = _records(job, RowChecker(importer.parsers))
            for batch in _batches(checked, BATCH_SIZE):
                records = []
                for _number, record, row_errors in batch:
                    counts["total"] += 1
                    if row_errors:
                        _skip_or_abort(job, row_errors, outcome)
                    elif record is not None:
                        records.append(record)
                plan = importer.plan_batch(records, known)
                if plan.errors:
                    _skip_or_abort(job, plan.errors, outcome)
                writer.write(plan)
                _count(counts, plan)
                outcome += _outcomes(plan)
                cache.set(progress_key(job.pk), counts["total"], 3600)
            job.created_count, job.updated_count = counts["created"], counts["updated"]
            job.unchanged_count, job.revision_count = counts["unchanged"], counts["revisions"]
            job.total_rows = counts["total"]
            job.status = J.DONE
            job.finished_at = timezone.now()
            job.report.save(
                f"imports/reports/{_random()}.csv", ContentFile(_report_csv(outcome)), save=False
            )
            job.save()
            audit.record(
                actor=None,
                target=job,
                action="import_done",
                from_state=J.IMPORTING,
                to_state=J.DONE,
            )
    except Exception as problem:  # all or nothing: whatever went wrong, the job says so
        if not isinstance(problem, ImportAborted | FileProblem | ValidationError):
            logger.exception("import job %s failed", job.pk)
        job.refresh_from_db()
        job.status = J.FAILED
        job.finished_at = timezone.now()
        job.file_error = _("Nothing was imported: %(problem)s") % {"problem": problem}
        job.save()
        audit.record(
            actor=None,
            target=job,
            action="import_failed",
            from_state=J.IMPORTING,
            to_state=J.FAILED,
            reason=str(problem)[:1000],
        )
    _tell_importer(job)
    return job


def _skip_or_abort(
    job: ImportJob, errors: list[dict[str, Any]], outcome: list[tuple[int, str, str, str, str]]
) -> None:
    if not job.skip_errors:
        first = errors[0]
        raise ImportAborted(_("row %(row)s, %(column)s: %(message)s") % first)
    outcome += [(e["row"], "", "skipped", e["column"], e["message"]) for e in errors]


def _outcomes(plan: Plan) -> list[tuple[int, str, str, str, str]]:
    rows = [(r.row, r.external_id, "created", "", "") for r in plan.creates]
    rows += [(u.record.row, u.record.external_id, "updated", "", "") for u in plan.updates]
    rows += [(r.row, r.external_id, "unchanged", "", "") for r in plan.unchanged]
    rows += [(r.record.row, r.record.external_id, "sent_to_review", "", "") for r in plan.revisions]
    return rows


def _report_csv(outcome: list[tuple[int, str, str, str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["row", "external_id", "outcome", "column", "message"])
    writer.writerows(sorted(outcome))
    return buffer.getvalue().encode("utf-8-sig")


def errors_csv(job: ImportJob) -> bytes:
    """The dry run's problems, one line each: row, column, message."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["row", "column", "message"])
    writer.writerows((e["row"], e["column"], e["message"]) for e in job.errors)
    return buffer.getvalue().encode("utf-8-sig")


def _tell_importer(job: ImportJob) -> None:
    user = job.created_by
    if user is None:
        return
    queue_email(
        to=user.email,
        language=user.preferred_language,
        template="import_finished",
        context={
            "status": job.status,
            "name": job.original_name,
            "created": job.created_count,
            "updated": job.updated_count,
            "unchanged": job.unchanged_count,
            "revisions": job.revision_count,
            "skipped": job.error_rows if job.skip_errors else 0,
            "error": job.file_error,
            "url": settings.SITE_URL + f"/achievements/import/{job.pk}/",
        },
    )


def import_sweep(*, now: dt.datetime | None = None) -> int:
    """Enqueue again jobs whose task message was lost; returns how many."""
    now = now or timezone.now()
    stale = now - dt.timedelta(minutes=10)
    requeued = 0
    for job in ImportJob.objects.filter(status=J.CHECKING, created_at__lte=stale):
        _enqueue("check", job.pk)
        requeued += 1
    for job in ImportJob.objects.filter(
        status=J.IMPORTING, started_at__isnull=True, confirmed_at__lte=stale
    ):
        _enqueue("run", job.pk)
        requeued += 1
    # A worker that died mid-import rolled its transaction back: the job may run again.
    limit = now - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    for job in ImportJob.objects.filter(status=J.IMPORTING, started_at__lte=limit):
        ImportJob.objects.filter(pk=job.pk, started_at=job.started_at).update(started_at=None)
        _enqueue("run", job.pk)
        requeued += 1
    return requeued
