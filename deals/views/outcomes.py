"""Outcome pages: the listing's recorded deals, recording, correcting and withdrawing one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import object_for
from accounts.requests import AuthenticatedHttpRequest
from achievements.views.common import add_errors, attempt
from deals import services
from deals.forms import OutcomeForm, ReasonForm
from deals.models import Outcome
from deals.querysets import deal_listings


def _data(form: OutcomeForm) -> services.OutcomeData:
    values: dict[str, Any] = form.cleaned_data
    return services.OutcomeData(
        kind=values["kind"],
        signed_on=values["signed_on"],
        counterparty_organization=values.get("counterparty_organization"),
        counterparty_name=values.get("counterparty_name") or "",
        value=values.get("value"),
        currency=values.get("currency") or "CNY",
        show_on_listing=bool(values.get("show_on_listing")),
        note=values.get("note") or "",
    )


@login_required
def outcome_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The listing's outcomes (its TTO only), with the form to record one."""
    user = request.user
    listing = object_for(deal_listings, user, "view_funnel", pk)
    can_record = deal_listings.restrict(user, "record_outcome").filter(pk=pk).exists()
    form = OutcomeForm(user=user) if can_record else None
    if request.method == "POST":
        listing = object_for(deal_listings, user, "record_outcome", pk)
        form = OutcomeForm(request.POST, user=user)
        if form.is_valid():
            try:
                services.outcome_record(actor=user, achievement=listing, data=_data(form))
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The outcome was recorded."))
                return redirect("outcome-list", pk)
    outcomes = Outcome.objects.visible_to(user).filter(achievement=listing)
    return render(
        request,
        "deals/outcome_list.html",
        {
            "listing": listing,
            "outcomes": outcomes.select_related("counterparty_organization", "recorded_by"),
            "form": form,
            "reason_form": ReasonForm(),
        },
    )


@login_required
def outcome_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    outcome = object_for(Outcome.objects.select_related("achievement"), user, "edit", pk)
    form = OutcomeForm(request.POST or None, instance=outcome, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_update(actor=user, outcome=outcome, data=_data(form))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The outcome was updated."))
            return redirect("outcome-list", outcome.achievement_id)
    return render(
        request,
        "deals/outcome_form.html",
        {"outcome": outcome, "listing": outcome.achievement, "form": form},
    )


@login_required
@require_POST
def outcome_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    outcome = object_for(Outcome.objects, user, "withdraw", pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.outcome_withdraw(
                actor=user, outcome=outcome, reason=form.cleaned_data["reason"]
            ),
            _("The outcome was withdrawn."),
        )
    else:
        messages.error(request, _("Please give a reason."))
    return redirect("outcome-list", outcome.achievement_id)
