"""Bulk import jobs: the uploaded file and everything the dry run and the import found."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from achievements.querysets import ImportJobQuerySet
from achievements.uploads import upload_storage


class ImportJob(models.Model):
    """One uploaded file on its way in: checked (dry run), confirmed, imported."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"
        JSONL = "jsonl", "JSON Lines"

    class Status(models.TextChoices):
        CHECKING = "checking", _("Checking")
        CHECKED = "checked", _("Checked, waiting for confirmation")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    class Kind(models.TextChoices):
        ACHIEVEMENTS = "achievements", _("Listings")
        EXPERTS = "experts", _("Expert profiles")

    institution = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="import_jobs"
    )
    # What the rows are (achievements/importing/kinds.py): each kind has its columns, checks,
    # plan and writer; upload, dry run, confirmation, task, report and sweeper are shared.
    kind = models.CharField(
        _("what is imported"), max_length=20, choices=Kind.choices, default=Kind.ACHIEVEMENTS
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    source = models.FileField(_("file"), storage=upload_storage, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CHECKING
    )
    # Dry-run findings.
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    error_rows = models.PositiveIntegerField(_("rows with errors"), default=0)
    errors = models.JSONField(
        _("errors"), default=list, blank=True
    )  # [{"row", "column", "message"}]
    file_error = models.TextField(_("problem with the file"), blank=True)
    # What an import would do (dry run) or did (import).
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    revision_count = models.PositiveIntegerField(_("changes sent to review"), default=0)
    report = models.FileField(
        _("result report"), storage=upload_storage, max_length=200, blank=True
    )
    skip_errors = models.BooleanField(_("skip rows with errors"), default=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["status"],
                name="importjob_pending",
                condition=models.Q(status__in=["checking", "importing"]),
            )
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def valid_rows(self) -> int:
        return self.total_rows - self.error_rows

    @property
    def is_running(self) -> bool:
        return self.status in {self.Status.CHECKING, self.Status.IMPORTING}
