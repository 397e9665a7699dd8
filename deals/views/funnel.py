"""Funnel pages for the TTO: the institution's overview and one listing's figures."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render

from accounts.permissions import object_for
from accounts.requests import AuthenticatedHttpRequest
from deals import funnel
from deals.querysets import deal_institutions, deal_listings


def _window(request: AuthenticatedHttpRequest) -> tuple[funnel.Window, list[str]]:
    try:
        return funnel.window_of(request.GET.get("days")), []
    except ValidationError as error:
        return funnel.window_of(None), error.messages


@login_required
def institution_funnel(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    institutions = list(deal_institutions.restrict(user, "view_funnel").order_by("name_en"))
    if not institutions:
        raise PermissionDenied
    chosen = request.GET.get("institution", "")
    institution = next((i for i in institutions if str(i.pk) == chosen), institutions[0])
    window, errors = _window(request)
    overview = funnel.institution_funnel(user=user, institution=institution, days=window.days)
    return render(
        request,
        "deals/funnel.html",
        {
            "funnel": overview,
            "institutions": institutions,
            "windows": funnel.WINDOWS,
            "rates": funnel.rates(overview.totals),
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@login_required
def listing_funnel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    listing = object_for(deal_listings, request.user, "view_funnel", pk)
    window, errors = _window(request)
    figures = funnel.listing_funnel(user=request.user, achievement=listing, days=window.days)
    peak = max((views for _day, views in figures.daily_views), default=0) or 1
    return render(
        request,
        "deals/funnel_listing.html",
        {
            "funnel": figures,
            "listing": listing,
            "windows": funnel.WINDOWS,
            "rates": funnel.rates(figures.totals),
            "bars": [(day, views, round(100 * views / peak)) for day, views in figures.daily_views],
            "errors": errors,
        },
        status=400 if errors else 200,
    )
