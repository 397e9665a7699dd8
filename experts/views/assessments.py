"""Assessment pages: the TTO asks, the expert (or the TTO for them) answers, the TTO publishes.

An expert asked to assess a listing they may not otherwise see (a draft, one under review) does
not get the listing page: the assessment page shows them the listing's descriptive text — the
title, summary, description, TRL, fields and keywords the TTO wrote for the public listing —
and never its files, price, patents, contacts, inquiries or anything else of it.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.permissions import object_for
from accounts.requests import AuthenticatedHttpRequest
from accounts.roles import AnyUser, tto_organization_ids
from achievements.models import Achievement
from achievements.views.common import add_errors, attempt
from experts import services
from experts.forms import AssessmentForm, AssessmentRequestForm, DeclineForm
from experts.models import Assessment, Expert
from experts.querysets import assessable_listings


@login_required
def assessment_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My assessments: requests to me as an expert, and my institutions' requests as a TTO."""
    user = request.user
    visible = Assessment.objects.visible_to(user).select_related("achievement", "expert")
    mine = visible.filter(expert__user=user)
    asked = visible.filter(achievement__institution_id__in=tto_organization_ids(user))
    return render(
        request,
        "experts/assessment_list.html",
        {
            "mine": mine.order_by("-requested_at")[:500],
            "asked": asked.order_by("-requested_at")[:500],
            "is_tto": bool(tto_organization_ids(user)),
        },
    )


def _int_param(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdigit() and len(value) < 18 else None


@login_required
def assessment_request(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The TTO asks experts to assess a listing (`?achievement=<id>&expert=<id>` preselect)."""
    user = request.user
    listings = (
        assessable_listings.restrict(user, "request_assessment")
        .select_related("institution")
        .order_by("-updated_at")
    )
    if not listings.exists():
        messages.error(request, _("Only a TTO officer with a current listing can ask experts."))
        return redirect("assessment-list")
    experts = Expert.objects.visible_to(user).filter(is_active=True, available_for_evaluation=True)
    initial: dict[str, Any] = {}
    expert_id = _int_param(request.GET.get("expert", ""))
    if expert_id is not None:
        initial["experts"] = list(experts.filter(pk=expert_id))
    achievement_id = _int_param(request.GET.get("achievement", ""))
    if achievement_id is not None:
        initial["achievement"] = listings.filter(pk=achievement_id).first()
    form = AssessmentRequestForm(
        request.POST or None, listings=listings, experts=experts, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_request(
                actor=user,
                achievement=form.cleaned_data["achievement"],
                experts=form.cleaned_data["experts"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The experts were asked for an assessment."))
            return redirect("assessment-list")
    return render(
        request,
        "experts/assessment_request.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _may(user: AnyUser, assessment: Assessment, action: str) -> bool:
    return Assessment.objects.restrict(user, action).filter(pk=assessment.pk).exists()


def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Open to whoever may view the assessment (a published one: the listing's readers)."""
    user = request.user
    assessment = object_for(Assessment.objects, user, "view", pk)
    if request.method == "POST" and not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    may_answer = _may(user, assessment, "answer")
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_submit(
                actor=cast(User, user), assessment=assessment, values=form.values()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The assessment was submitted."))
            return redirect("assessment-detail", pk=pk)
    listing = assessment.achievement
    return render(
        request,
        "experts/assessment_detail.html",
        {
            "assessment": assessment,
            "listing": listing,
            "listing_visible": Achievement.objects.visible_to(user).filter(pk=listing.pk).exists(),
            "fields": list(listing.fields.all()),
            "may_answer": may_answer,
            "may_publish": _may(user, assessment, "publish"),
            "form": form,
            "decline_form": DeclineForm(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def assessment_decline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = object_for(Assessment.objects, request.user, "view", pk)
    form = DeclineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    attempt(
        request,
        lambda: services.assessment_decline(
            actor=request.user, assessment=assessment, reason=reason
        ),
        _("The request was declined."),
    )
    return redirect("assessment-detail", pk=pk)


@login_required
@require_POST
def assessment_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = object_for(Assessment.objects, request.user, "view", pk)
    publish = request.POST.get("published", "1") != "0"
    attempt(
        request,
        lambda: services.assessment_publish(
            actor=request.user, assessment=assessment, published=publish
        ),
        _("The assessment is shown on the listing.")
        if publish
        else _("The assessment is no longer shown on the listing."),
    )
    return redirect("assessment-detail", pk=pk)
