"""Expert pool pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from experts.filtersets import ExpertFilterSet
from experts.models import Expert
from portal.listing import list_page


def expert_list(request: HttpRequest) -> HttpResponse:
    listing = list_page(
        request,
        ExpertFilterSet,
        Expert.objects.visible_to(request.user).select_related("organization"),
    )
    return render(request, "experts/expert_list.html", listing.context(), status=listing.status)


def expert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    expert = get_object_or_404(
        Expert.objects.visible_to(request.user).select_related("organization"), pk=pk
    )
    return render(
        request,
        "experts/expert_detail.html",
        {"expert": expert, "fields": list(expert.fields.order_by("scheme", "position"))},
    )
