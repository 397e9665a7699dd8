"""Technology need pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from needs.models import Need


def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(
        Need.objects.visible_to(request.user).select_related("organization"), pk=pk
    )
    return render(
        request, "needs/need_detail.html", {"need": need, "fields": list(need.fields.all())}
    )
