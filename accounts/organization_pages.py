"""The organisation directory's pages (kept apart from the account pages in views.py)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from accounts.filtersets import OrganizationFilterSet
from accounts.models import Organization
from achievements.models import Achievement
from experts.models import Expert
from needs.models import Need
from portal.listing import list_page

SHOWN_PER_SECTION = 10


def organization_list(request: HttpRequest) -> HttpResponse:
    listing = list_page(
        request, OrganizationFilterSet, Organization.objects.visible_to(request.user)
    )
    return render(
        request, "accounts/organization_list.html", listing.context(), status=listing.status
    )


def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    organization = get_object_or_404(Organization.objects.visible_to(user), pk=pk)
    return render(
        request,
        "accounts/organization_detail.html",
        {
            "organization": organization,
            "achievements": Achievement.objects.visible_to(user)
            .published()
            .filter(institution=organization)
            .order_by("-published_at", "-id")[:SHOWN_PER_SECTION],
            "needs": Need.objects.visible_to(user)
            .published()
            .filter(organization=organization)
            .order_by("-published_at", "-id")[:SHOWN_PER_SECTION],
            "experts": Expert.objects.visible_to(user)
            .filter(organization=organization)
            .order_by("name_en", "name_zh", "id")[:SHOWN_PER_SECTION],
        },
    )
