"""Technology need pages: the catalogue, the detail, and the enterprise's own pages.

Every write calls one service of needs/services.py; the service decides who may act (403)
and in which state (an error message on the page).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organization
from accounts.permissions import object_for
from accounts.requests import AuthenticatedHttpRequest
from accounts.roles import is_admin, is_moderator, organization_ids
from achievements.views.common import add_errors, attempt, chosen_institution
from moderation.workflow import TransitionNotAllowed
from needs import services
from needs.filtersets import NeedFilterSet
from needs.forms import NeedForm, ReasonForm
from needs.models import Need
from portal.audit import history
from portal.listing import hidden_from, list_page

DECISIONS = ("request_changes", "reject", "approve", "take_down")


def need_list(request: HttpRequest) -> HttpResponse:
    listing = list_page(
        request,
        NeedFilterSet,
        Need.objects.visible_to(request.user).select_related("organization"),
        hide=hidden_from(request),
    )
    return render(request, "needs/need_list.html", listing.context(), status=listing.status)


def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(
        Need.objects.visible_to(request.user).select_related("organization"), pk=pk
    )
    user = request.user
    is_owner = need.organization_id in organization_ids(user) or is_admin(user)
    context: dict[str, Any] = {
        "need": need,
        "fields": list(need.fields.all()),
        "is_owner": is_owner,
        "can_edit": Need.objects.editable_by(user).filter(pk=pk).exists(),
        "can_moderate": is_moderator(user),
        "reason_form": ReasonForm(),
    }
    if is_owner or is_moderator(user):
        # The moderator's last word, so the owner knows what to fix.
        context["decision"] = history(need).filter(action__in=DECISIONS).order_by("-pk").first()
    return render(request, "needs/need_detail.html", context)


@login_required
def need_manage(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My organisation's needs: every state, with what to do next."""
    needs = (
        Need.objects.visible_to(request.user)
        .filter(organization_id__in=organization_ids(request.user))
        .select_related("organization")
    )
    status = request.GET.get("status", "")
    if status in Need.Status.values:
        needs = needs.filter(status=status)
    return render(
        request,
        "needs/manage.html",
        {
            "needs": needs.order_by("-updated_at")[:500],
            "statuses": Need.Status.choices,
            "status": status,
            "can_create": Organization.objects.restrict(request.user, "create_need").exists(),
        },
    )


def _save_need(request: AuthenticatedHttpRequest, need: Need | None) -> HttpResponse:
    organization = (
        need.organization
        if need
        else chosen_institution(
            request, "create_need", _("Only members of an enterprise can post its needs.")
        )
    )
    form = NeedForm(request.POST or None, instance=need or Need(organization=organization))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                saved = services.need_save(
                    actor=request.user,
                    need=need,
                    organization=organization,
                    values=form.values(),
                    fields=list(form.cleaned_data["fields"]),
                )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if need is not None and need.status == "published" and saved.status == "submitted":
                messages.info(
                    request,
                    _(
                        "Saved. The title, description or budget changed, so the need is "
                        "back with the moderators and hidden until they approve it."
                    ),
                )
            else:
                messages.success(request, _("The need was saved."))
            return redirect("need-detail", saved.pk)
    return render(
        request,
        "needs/editor.html",
        {"form": form, "need": need, "organization": organization},
    )


@login_required
def need_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _save_need(request, None)


@login_required
def need_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    need = object_for(Need.objects, request.user, "view", pk)  # 404 if they may not see it
    try:
        services.require_need(request.user, need, "edit")  # 403 if it is not theirs
    except TransitionNotAllowed:
        messages.error(
            request,
            _("A need that is “%(state)s” cannot be edited.")
            % {"state": need.get_status_display()},
        )
        return redirect("need-detail", pk)
    return _save_need(request, need)


OWNER_ACTIONS = {
    "submit": (services.need_submit, _("Sent to the moderators for review.")),
    "withdraw": (services.need_withdraw, _("The need is a draft again.")),
    "close": (services.need_close, _("The need was closed.")),
    "fulfil": (services.need_mark_fulfilled, _("The need is marked as fulfilled.")),
}


@login_required
@require_POST
def need_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in OWNER_ACTIONS:
        raise Http404
    need = get_object_or_404(Need.objects.visible_to(request.user), pk=pk)
    service, success = OWNER_ACTIONS[action]  # the service decides: 403, or a clear message
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    extra = {"reason": reason} if action != "submit" else {}
    attempt(request, lambda: service(actor=request.user, need=need, **extra), str(success))
    return redirect("need-detail", pk)


@login_required
def need_history(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    # The enterprise's members and the moderators (the "history" grant); 403 for other readers.
    need = object_for(Need.objects, request.user, "history", pk)
    return render(
        request,
        "achievements/history.html",
        {"object": need, "entries": history(need), "back_url": "need-detail"},
    )
