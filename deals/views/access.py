"""Document request pages: asking, the TTO's queue and decision, the NDA and its management."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organization
from accounts.permissions import object_for
from accounts.requests import AuthenticatedHttpRequest
from accounts.throttling import client_address
from achievements.views.common import add_errors, attempt
from deals import services
from deals.filtersets import AccessRequestFilterSet
from deals.forms import AccessRequestForm, ApproveForm, NdaAcceptForm, NdaForm, ReasonForm
from deals.models import AccessRequest, Nda
from deals.querysets import deal_institutions, deal_listings
from portal.audit import history
from portal.listing import list_page


@login_required
def access_request_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """ "Request documents": ask the listing's TTO for its confidential files."""
    listing = object_for(deal_listings, request.user, "request_access", pk)
    form = AccessRequestForm(
        request.POST or None, user=request.user, institution_id=listing.institution_id
    )
    nda = services.current_nda(listing.institution_id)
    if request.method == "POST" and form.is_valid():
        try:
            access = services.access_request_create(
                actor=request.user,
                achievement=listing,
                purpose=form.cleaned_data["purpose"],
                organization=form.cleaned_data.get("organization"),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if nda is not None:
                messages.success(
                    request, _("Your request was sent. Please read and accept the NDA now.")
                )
                return redirect("access-request-nda", access.pk)
            messages.success(request, _("Your request was sent to the technology-transfer office."))
            return redirect(access)
    return render(
        request, "deals/access_request_form.html", {"listing": listing, "form": form, "nda": nda}
    )


@login_required
def access_request_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The requester's own requests and, for a TTO, the requests to decide."""
    rows = AccessRequest.objects.visible_to(request.user).select_related(
        "achievement", "achievement__institution", "requester", "organization"
    )
    listing = list_page(request, AccessRequestFilterSet, rows)
    context = listing.context()
    context["waiting_for_nda"] = set(
        AccessRequest.objects.waiting_for_nda()
        .filter(pk__in=[r.pk for r in listing.items])
        .values_list("pk", flat=True)
    )
    return render(request, "deals/access_request_list.html", context, status=listing.status)


def _may(user: Any, action: str, pk: int) -> bool:
    return AccessRequest.objects.restrict(user, action).filter(pk=pk).exists()


@login_required
def access_request_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    access = object_for(
        AccessRequest.objects.select_related(
            "achievement__institution", "requester", "organization", "decided_by"
        ),
        user,
        "view",
        pk,
    )
    is_tto = deal_listings.restrict(user, "view_funnel").filter(pk=access.achievement_id).exists()
    return render(
        request,
        "deals/access_request_detail.html",
        {
            "access": access,
            "is_tto": is_tto,
            "nda": services.current_nda(access.achievement.institution_id),
            "acceptances": access.nda_acceptances.select_related("nda"),
            "waiting_for_nda": _may(user, "accept_nda", pk)
            or AccessRequest.objects.waiting_for_nda().filter(pk=pk).exists(),
            "may": {
                action: _may(user, action, pk)
                for action in ("accept_nda", "approve", "decline", "revoke", "withdraw")
            },
            "approve_form": ApproveForm(),
            "reason_form": ReasonForm(),
            "history": history(access) if is_tto else [],
        },
    )


DECISIONS = {
    "approve": _("The documents are now open to the requester."),
    "decline": _("The request was declined."),
    "revoke": _("Access was revoked."),
    "withdraw": _("Your request was withdrawn."),
}


@login_required
@require_POST
def access_request_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in DECISIONS:
        raise Http404
    user = request.user
    access = object_for(AccessRequest.objects, user, action, pk)
    form: ApproveForm | ReasonForm | None = None
    if action == "approve":
        form = ApproveForm(request.POST)
        if form.is_valid():
            expires_on = form.cleaned_data["expires_on"]
            attempt(
                request,
                lambda: services.access_request_approve(
                    actor=user, access_request=access, expires_on=expires_on
                ),
                DECISIONS[action],
            )
    elif action in ("decline", "revoke"):
        form = ReasonForm(request.POST)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            decide = (
                services.access_request_decline
                if action == "decline"
                else services.access_request_revoke
            )
            attempt(
                request,
                lambda: decide(actor=user, access_request=access, reason=reason),
                DECISIONS[action],
            )
    else:
        attempt(
            request,
            lambda: services.access_request_withdraw(actor=user, access_request=access),
            DECISIONS[action],
        )
    for errors in form.errors.values() if form is not None else []:
        for error in errors:
            messages.error(request, str(error))
    return redirect(access)


@login_required
def access_request_nda(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The NDA acceptance page: the requester reads the current version and signs with their
    name; the record keeps who, when, which version (and a hash of its text), from where."""
    user = request.user
    access = object_for(
        AccessRequest.objects.select_related("achievement__institution"), user, "accept_nda", pk
    )
    nda = services.current_nda(access.achievement.institution_id)
    if nda is None:  # the grant requires a current NDA; it was retired a moment ago
        return redirect(access)
    form = NdaAcceptForm(request.POST or None, initial={"version": nda.version})
    if request.method == "POST" and form.is_valid():
        shown = Nda.objects.filter(
            institution_id=access.achievement.institution_id, version=form.cleaned_data["version"]
        ).first()
        try:
            services.nda_accept(
                actor=user,
                access_request=access,
                nda=shown or nda,
                signed_name=form.cleaned_data["signed_name"],
                ip_address=client_address(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
        except ValidationError as error:
            changed = getattr(error, "error_dict", {}).get("version")
            if changed:  # a newer version was published meanwhile: show that one
                messages.error(request, changed[0].messages[0])
                return redirect("access-request-nda", access.pk)
            add_errors(form, error)
        else:
            messages.success(
                request, _("You accepted the NDA. The technology-transfer office will decide now.")
            )
            return redirect(access)
    return render(request, "deals/nda_accept.html", {"access": access, "nda": nda, "form": form})


@login_required
def nda_manage(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The TTO's NDA: the version in force, earlier versions, publish a new one or stop."""
    user = request.user
    institutions = list(deal_institutions.restrict(user, "manage_nda").order_by("name_en"))
    if not institutions:
        raise PermissionDenied
    chosen = request.GET.get("institution") or request.POST.get("institution") or ""
    institution: Organization = next(
        (i for i in institutions if str(i.pk) == chosen), institutions[0]
    )
    form = None
    if request.method == "POST":
        if "retire" in request.POST:
            services.nda_retire(actor=user, institution=institution)
            messages.success(request, _("Document requests no longer need an NDA."))
            return redirect(f"{request.path}?institution={institution.pk}")
        form = NdaForm(request.POST)
        if form.is_valid():
            try:
                nda = services.nda_publish(
                    actor=user,
                    institution=institution,
                    title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Version %(version)d of the NDA is now in force.") % {"version": nda.version},
                )
                return redirect(f"{request.path}?institution={institution.pk}")
    versions = Nda.objects.filter(institution=institution).select_related("created_by")
    current = next((v for v in versions if v.is_current), None)
    if form is None:
        form = NdaForm(initial={"title": current.title, "text": current.text} if current else None)
    return render(
        request,
        "deals/nda_manage.html",
        {
            "institutions": institutions,
            "institution": institution,
            "versions": versions,
            "current": current,
            "form": form,
        },
    )
