"""The expert pool on a listing's pages: the "expert-assessed" mark and the assessments block."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from experts.models import Assessment
from experts.querysets import assessable_listings

register = template.Library()


@register.simple_tag
def expert_assessed_ids(listings: Iterable[Any]) -> frozenset[int]:
    """Which of these listings have a submitted assessment (one query for a page of results).

    The mark says only that an expert assessed the listing; what they wrote stays with the TTO
    and the expert until the TTO publishes it.
    """
    ids = [listing.pk for listing in listings]
    found = Assessment.objects.filter(achievement_id__in=ids, status="submitted").values_list(
        "achievement_id", flat=True
    )
    return frozenset(found)


@register.inclusion_tag("experts/listing_assessments.html", takes_context=True)
def assessments_panel(context: dict[str, Any], achievement: Any) -> dict[str, Any]:
    user = context["request"].user
    shown = list(
        Assessment.objects.shown_on_listing(user, achievement.pk)
        .select_related("expert")
        .order_by("submitted_at", "pk")
    )
    return {
        "achievement": achievement,
        "assessments": shown,
        "assessed": bool(shown) or bool(expert_assessed_ids([achievement])),
        "may_request": user.is_authenticated
        and assessable_listings.restrict(user, "request_assessment")
        .filter(pk=achievement.pk)
        .exists(),
        "request": context["request"],
    }
