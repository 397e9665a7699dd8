"""Account pages. Language choice is remembered on the profile of a signed-in user."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import check_for_language
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    response = django_set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    if (
        user.is_authenticated
        and check_for_language(language)
        and language != user.preferred_language
    ):
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return response
