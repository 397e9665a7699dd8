"""Home page and the signed-in user's dashboard."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import Membership, Organization
from accounts.requests import AuthenticatedHttpRequest
from accounts.roles import organization_ids, tto_organization_ids
from achievements.models import Achievement, Disclosure
from experts.models import Expert
from needs.models import Need


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    counts = {
        "achievements": Achievement.objects.visible_to(user).published().count(),
        "needs": Need.objects.visible_to(user).published().count(),
        "experts": Expert.objects.visible_to(user).count(),
        "institutions": Organization.objects.visible_to(user)
        .filter(kind__in=Organization.RESEARCH_KINDS, verified=True)
        .count(),
    }
    latest = (
        Achievement.objects.visible_to(user)
        .published()
        .select_related("institution")
        .order_by("-published_at", "-id")[:6]
    )
    latest_needs = (
        Need.objects.visible_to(user)
        .published()
        .select_related("organization")
        .order_by("-published_at", "-id")[:4]
    )
    return render(
        request,
        "portal/home.html",
        {"counts": counts, "latest": latest, "latest_needs": latest_needs},
    )


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    memberships = (
        Membership.objects.filter(user=user).select_related("organization").order_by("created_at")
    )
    return render(
        request,
        "portal/dashboard.html",
        {
            "memberships": memberships,
            # Everything of their own institution they may see, whatever its state.
            "my_achievements": Achievement.objects.visible_to(user)
            .filter(institution_id__in=tto_organization_ids(user))
            .select_related("institution")
            .order_by("-updated_at")[:10],
            "my_needs": Need.objects.visible_to(user)
            .filter(organization_id__in=organization_ids(user))
            .select_related("organization")
            .order_by("-updated_at")[:10],
            "my_disclosures": Disclosure.objects.visible_to(user).order_by("-updated_at")[:10],
            "expert_profile": Expert.objects.filter(user=user).first(),
        },
    )
