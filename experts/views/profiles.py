"""Expert pool pages: the finder, a profile, and writing one (own or kept by a TTO)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organization
from accounts.permissions import object_for
from accounts.requests import AuthenticatedHttpRequest
from accounts.roles import tto_organization_ids
from achievements.models import ImportJob
from achievements.services.imports import import_job_create
from achievements.views.common import add_errors, chosen_institution
from achievements.views.imports import ImportForm, recent_jobs
from experts import services
from experts.filtersets import ExpertFilterSet
from experts.forms import ExpertForm
from experts.importing import COLUMNS
from experts.models import Expert
from experts.querysets import assessable_listings
from portal.listing import list_page


def expert_list(request: HttpRequest) -> HttpResponse:
    listing = list_page(
        request,
        ExpertFilterSet,
        Expert.objects.visible_to(request.user).select_related("organization"),
    )
    context = listing.context()
    context["may_keep"] = (
        Organization.objects.restrict(request.user, "keep_expert_profile").exists()
        if request.user.is_authenticated
        else False
    )
    return render(request, "experts/expert_list.html", context, status=listing.status)


def expert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    expert = get_object_or_404(
        Expert.objects.visible_to(request.user).select_related("organization"), pk=pk
    )
    user = request.user
    may_ask = (
        expert.is_active
        and expert.available_for_evaluation
        and assessable_listings.restrict(user, "request_assessment").exists()
    )
    return render(
        request,
        "experts/expert_detail.html",
        {
            "expert": expert,
            "fields": list(expert.fields.order_by("scheme", "position")),
            "can_edit": Expert.objects.editable_by(user).filter(pk=pk).exists(),
            "may_ask": may_ask,
        },
    )


def _edit(
    request: AuthenticatedHttpRequest,
    expert: Expert | None,
    kept_by: Organization | None = None,
) -> HttpResponse:
    initial = {"organization": kept_by} if kept_by is not None else None
    form = ExpertForm(request.POST or None, instance=expert, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.expert_save(
                actor=request.user,
                expert=expert,
                kept_by=kept_by,
                values=form.values(),
                fields=form.chosen_fields(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The profile was saved."))
            return redirect("expert-detail", pk=saved.pk)
    return render(
        request,
        "experts/expert_form.html",
        {"form": form, "expert": expert, "kept_by": kept_by},
        status=400 if form.errors else 200,
    )


@login_required
def expert_mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My expert profile: create it the first time, edit it afterwards."""
    own = Expert.objects.filter(user=request.user).first()
    return _edit(request, own)


@login_required
def expert_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A profile kept by the TTO for an expert without a login (`?institution=<id>`)."""
    kept_by = chosen_institution(
        request,
        "keep_expert_profile",
        _("Only a TTO officer can add profiles for experts without a login."),
    )
    return _edit(request, None, kept_by)


@login_required
def expert_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    expert = object_for(Expert.objects, request.user, "edit", pk)
    return _edit(request, expert)


@login_required
@require_POST
def expert_deactivate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    expert = object_for(Expert.objects, request.user, "edit", pk)
    services.expert_deactivate(actor=request.user, expert=expert)
    messages.success(request, _("The profile is no longer listed in the pool."))
    return redirect("expert-detail", pk=pk)


@login_required
def expert_kept(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The profiles the officer's institutions keep, listed or not."""
    kept = (
        Expert.objects.editable_by(request.user)
        .filter(managed_by_id__in=tto_organization_ids(request.user))
        .select_related("managed_by")
        .order_by("name_en", "name_zh")
    )
    return render(request, "experts/expert_kept.html", {"experts": kept[:500]})


@login_required
def expert_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Bulk import of profiles the TTO keeps, by the listings' import machinery (the job page,
    confirmation and report are shared: /achievements/import/<id>/)."""
    institution = chosen_institution(
        request,
        "keep_expert_profile",
        _("Only TTO officers can import expert profiles."),
    )
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        institution=institution,
        action="keep_expert_profile",
    )
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_create(
                actor=request.user,
                institution=form.cleaned_data["institution"],
                upload=form.cleaned_data["file"],
                kind=ImportJob.Kind.EXPERTS,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("import-job", job.pk)
    return render(
        request,
        "experts/import_start.html",
        {
            "form": form,
            "jobs": recent_jobs(request, ImportJob.Kind.EXPERTS),
            "columns": ", ".join(COLUMNS),
        },
    )
