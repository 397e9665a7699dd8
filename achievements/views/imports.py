"""Bulk import pages (upload, dry-run report, confirmation, progress) and export."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseBase, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import Organization
from accounts.requests import AuthenticatedHttpRequest
from accounts.roles import AnyUser, tto_organization_ids
from achievements.importing.export import export_csv, export_jsonl, export_xlsx, listing_rows
from achievements.models import Achievement, ImportJob
from achievements.services.imports import (
    errors_csv,
    import_job_cancel,
    import_job_confirm,
    import_job_create,
    import_progress,
)
from achievements.views.common import add_errors, attempt, chosen_institution


class ImportForm(forms.Form):
    institution = forms.ModelChoiceField(
        label=gettext_lazy("Institution"), queryset=Organization.objects.none()
    )
    file = forms.FileField(
        label=gettext_lazy("File (CSV, XLSX or JSON Lines)"),
        help_text=gettext_lazy("The columns are described in the import guide."),
    )

    def __init__(
        self,
        *args: object,
        user: AnyUser,
        institution: Organization,
        action: str = "create_achievement",
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        institutions = Organization.objects.restrict(user, action)
        field = self.fields["institution"]
        field.queryset = institutions  # type: ignore[attr-defined]
        field.initial = institution
        if len(institutions) == 1:
            field.widget = forms.HiddenInput()


def _jobs(request: AuthenticatedHttpRequest) -> QuerySet[ImportJob]:
    return ImportJob.objects.visible_to(request.user)


def recent_jobs(request: AuthenticatedHttpRequest, kind: str) -> QuerySet[ImportJob]:
    return _jobs(request).filter(kind=kind).select_related("created_by")[:20]


@login_required
def import_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    institution = chosen_institution(
        request, "create_achievement", _("Only TTO officers can import listings.")
    )
    form = ImportForm(
        request.POST or None, request.FILES or None, user=request.user, institution=institution
    )
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_create(
                actor=request.user,
                institution=form.cleaned_data["institution"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("import-job", job.pk)
    return render(
        request,
        "achievements/import_start.html",
        {"form": form, "jobs": recent_jobs(request, ImportJob.Kind.ACHIEVEMENTS)},
    )


@login_required
def import_job(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(_jobs(request), pk=pk)
    errors = [e for e in job.errors if e["row"]][:500]
    warnings = [e for e in job.errors if not e["row"]]
    return render(
        request,
        "achievements/import_job.html",
        {"job": job, "errors": errors, "warnings": warnings, "progress": import_progress(job)},
    )


@login_required
def import_status(request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    """Polled by the job page's progress bar."""
    job = get_object_or_404(_jobs(request), pk=pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "running": job.is_running,
            "processed": import_progress(job),
            "total": job.total_rows,
        }
    )


@login_required
@require_POST
def import_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(_jobs(request), pk=pk)
    attempt(
        request,
        lambda: import_job_confirm(
            actor=request.user, job=job, skip_errors=request.POST.get("skip_errors") == "on"
        ),
        _("The import has started."),
    )
    return redirect("import-job", pk)


@login_required
@require_POST
def import_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(_jobs(request), pk=pk)
    attempt(
        request,
        lambda: import_job_cancel(actor=request.user, job=job),
        _("The import was cancelled."),
    )
    return redirect("import-start")


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def import_errors(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(_jobs(request), pk=pk)
    return _download(errors_csv(job), f"import-{job.pk}-problems.csv", "text/csv; charset=utf-8")


@login_required
def import_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(_jobs(request), pk=pk)
    if not job.report:
        messages.error(request, _("The report is available once the import has finished."))
        return redirect("import-job", pk)
    with job.report.open("rb") as report:
        data = report.read()
    return _download(data, f"import-{job.pk}-report.csv", "text/csv; charset=utf-8")


@login_required
def export_listings(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The user's own institution's listings in an importable format (?format=csv|xlsx|jsonl)."""
    if not tto_organization_ids(request.user):
        raise PermissionDenied(_("Only TTO officers can export listings."))
    file_format = request.GET.get("format", "csv")
    rows = listing_rows(
        Achievement.objects.restrict(request.user, "export").filter(
            institution_id__in=tto_organization_ids(request.user)
        )
    )
    stamp = timezone.now().strftime("%Y%m%d")
    if file_format == "xlsx":
        return _download(
            export_xlsx(rows),
            f"listings-{stamp}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    stream, content_type, extension = (
        (export_jsonl(rows), "application/x-ndjson; charset=utf-8", "jsonl")
        if file_format == "jsonl"
        else (export_csv(rows), "text/csv; charset=utf-8", "csv")
    )
    response = StreamingHttpResponse(stream, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="listings-{stamp}.{extension}"'
    return response


def job_url(job: ImportJob) -> str:
    return reverse("import-job", args=[job.pk])
