"""Achievement pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from achievements.filtersets import AchievementFilterSet
from achievements.models import Achievement
from portal.listing import hidden_from, list_page


def achievement_list(request: HttpRequest) -> HttpResponse:
    listing = list_page(
        request,
        AchievementFilterSet,
        Achievement.objects.visible_to(request.user).select_related("institution"),
        hide=hidden_from(request),
    )
    return render(
        request, "achievements/achievement_list.html", listing.context(), status=listing.status
    )


def achievement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    achievement = get_object_or_404(
        Achievement.objects.visible_to(request.user).select_related("institution"), pk=pk
    )
    return render(
        request,
        "achievements/achievement_detail.html",
        {
            "achievement": achievement,
            "fields": list(achievement.fields.all()),
            "patents": list(achievement.patents.all()),
        },
    )
