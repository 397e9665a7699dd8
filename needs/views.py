"""Technology need pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from needs.filtersets import NeedFilterSet
from needs.models import Need
from portal.listing import hidden_from, list_page


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
    return render(
        request, "needs/need_detail.html", {"need": need, "fields": list(need.fields.all())}
    )
