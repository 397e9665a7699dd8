"""Disclosure pages: the researcher's drafts and submissions, the TTO's review queue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organization, User
from accounts.permissions import object_for
from accounts.requests import AuthenticatedHttpRequest
from achievements import services
from achievements.forms.disclosures import (
    AttachmentForm,
    DeclineForm,
    DisclosureForm,
    InventorFormSet,
    PriorDisclosureFormSet,
)
from achievements.models import Disclosure
from achievements.services import PriorDisclosureData
from achievements.services.disclosures import inventors_from
from achievements.services.permissions import require_disclosure
from achievements.views.common import add_errors, attempt, chosen_institution
from moderation.workflow import TransitionNotAllowed
from portal.audit import history


@login_required
def disclosure_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    mine = Disclosure.objects.visible_to(user).filter(submitter=user)
    queue = (
        Disclosure.objects.visible_to(user)
        .filter(institution_id__in=_tto_ids(user))
        .select_related("institution", "submitter")
    )
    status = request.GET.get("status", "")
    if status in Disclosure.Status.values:
        queue = queue.filter(status=status)
    return render(
        request,
        "achievements/disclosure_list.html",
        {
            "mine": mine.order_by("-updated_at"),
            "queue": queue.order_by("submitted_at")[:500],
            "is_reviewer": bool(_tto_ids(user)),
            "statuses": Disclosure.Status.choices,
            "status": status,
        },
    )


def _tto_ids(user: User) -> frozenset[int]:
    from accounts.roles import tto_organization_ids

    return tto_organization_ids(user)


def _edit(
    request: AuthenticatedHttpRequest,
    disclosure: Disclosure | None,
    institution: Organization | None = None,
) -> HttpResponse:
    form = DisclosureForm(
        request.POST or None,
        instance=disclosure,
        user=request.user,
        initial={"institution": institution} if institution else None,
    )
    inventor_initial = (
        [{"name": i.name, "email": i.email, "share": i.share} for i in disclosure.inventors.all()]
        if disclosure
        else [{"name": str(request.user), "email": request.user.email, "share": 100}]
    )
    prior_initial = (
        [
            {"kind": p.kind, "title": p.title, "venue": p.venue, "date": p.date}
            for p in disclosure.prior_disclosures.all()
        ]
        if disclosure
        else []
    )
    inventors = InventorFormSet(request.POST or None, prefix="inventors", initial=inventor_initial)
    priors = PriorDisclosureFormSet(request.POST or None, prefix="prior", initial=prior_initial)
    if request.method == "POST" and form.is_valid() and inventors.is_valid() and priors.is_valid():
        try:
            with transaction.atomic():
                saved = services.disclosure_save(
                    actor=request.user,
                    disclosure=disclosure,
                    institution=form.cleaned_data.get("institution"),
                    values=form.values(),
                    inventors=inventors_from(inventors.rows()),
                    prior_disclosures=[
                        PriorDisclosureData(
                            kind=row["kind"],
                            title=row["title"],
                            date=row["date"],
                            venue=row["venue"],
                        )
                        for row in priors.rows()
                    ],
                )
                if "submit" in request.POST:
                    services.disclosure_submit(actor=request.user, disclosure=saved)
        except ValidationError as error:
            add_errors(form, error)
        else:
            if "submit" in request.POST:
                messages.success(
                    request, _("The disclosure was sent to your technology-transfer office.")
                )
            else:
                messages.success(request, _("The draft was saved."))
            return redirect("disclosure-detail", saved.pk)
    return render(
        request,
        "achievements/disclosure_form.html",
        {"form": form, "inventors": inventors, "priors": priors, "disclosure": disclosure},
    )


@login_required
def disclosure_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    institution = chosen_institution(
        request,
        "create_disclosure",
        _("Only members of a university, institute or hospital can file disclosures."),
    )
    return _edit(request, None, institution=institution)


@login_required
def disclosure_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    # 404 if the user may not see it, 403 if it is not theirs; theirs but sent: a message.
    disclosure = object_for(Disclosure.objects, request.user, "view", pk)
    try:
        require_disclosure(request.user, disclosure, "edit")
    except TransitionNotAllowed:
        messages.error(request, _("Only a draft can be changed."))
        return redirect("disclosure-detail", pk)
    return _edit(request, disclosure)


@login_required
def disclosure_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    disclosure = get_object_or_404(
        Disclosure.objects.visible_to(user).select_related("institution", "submitter"), pk=pk
    )
    attachment_form = AttachmentForm(request.POST or None, request.FILES or None)
    is_author = Disclosure.objects.editable_by(user).filter(pk=pk).exists()
    if request.method == "POST" and is_author and attachment_form.is_valid():
        try:
            services.disclosure_attachment_add(
                actor=user, disclosure=disclosure, upload=attachment_form.cleaned_data["file"]
            )
        except ValidationError as error:
            attachment_form.add_error("file", error)
        else:
            messages.success(request, _("The attachment was added."))
            return redirect("disclosure-detail", pk)
    return render(
        request,
        "achievements/disclosure_detail.html",
        {
            "disclosure": disclosure,
            "inventors": disclosure.inventors.all(),
            "priors": disclosure.prior_disclosures.all(),
            "attachments": disclosure.attachments.all(),
            "attachment_form": attachment_form,
            "is_author": is_author,
            "is_reviewer": Disclosure.objects.restrict(user, "review").filter(pk=pk).exists()
            or Disclosure.objects.restrict(user, "convert").filter(pk=pk).exists(),
            "decline_form": DeclineForm(),
            "listing": getattr(disclosure, "achievement", None),
        },
    )


REVIEW_ACTIONS = {
    "submit": _("The disclosure was sent to your technology-transfer office."),
    "start-review": _("Review started."),
    "accept": _("The disclosure was accepted."),
    "decline": _("The disclosure was declined."),
}


@login_required
@require_POST
def disclosure_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    user = request.user
    disclosure = get_object_or_404(Disclosure.objects.visible_to(user), pk=pk)
    if action == "convert":
        try:
            listing = services.disclosure_convert(actor=user, disclosure=disclosure)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("disclosure-detail", pk)
        messages.success(
            request,
            _("A draft listing was created from the disclosure. Complete it and submit it."),
        )
        return redirect("achievement-edit", listing.pk)
    if action not in REVIEW_ACTIONS:
        raise Http404
    calls = {
        "submit": lambda: services.disclosure_submit(actor=user, disclosure=disclosure),
        "start-review": lambda: services.disclosure_start_review(actor=user, disclosure=disclosure),
        "accept": lambda: services.disclosure_accept(actor=user, disclosure=disclosure),
        "decline": lambda: services.disclosure_decline(
            actor=user, disclosure=disclosure, reason=request.POST.get("reason", "")
        ),
    }
    attempt(request, calls[action], str(REVIEW_ACTIONS[action]))
    return redirect("disclosure-detail", pk)


@login_required
def disclosure_history(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    disclosure = get_object_or_404(Disclosure.objects.visible_to(request.user), pk=pk)
    return render(
        request,
        "achievements/history.html",
        {"object": disclosure, "entries": history(disclosure), "back_url": "disclosure-detail"},
    )
