"""One FilterSet for matches, used by the "My matches" page and by /api/v1/matches/."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from matching.matches import selectors
from matching.matches.models import Match
from portal.filters import AnyOfFilter, IntegerFilter, checkboxes, document

DISMISSED_CHOICES = [
    ("false", _("Hide the ones I dismissed")),
    ("true", _("Only the ones I dismissed")),
]


class MinScoreFilter(django_filters.NumberFilter):
    field_class = forms.FloatField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        document(self, {"type": "number", "minimum": 0, "maximum": 1000})


class MatchFilterSet(django_filters.FilterSet):
    kind = AnyOfFilter(choices=Match.Kind.choices, widget=checkboxes(), label=_("Kind"))
    need = IntegerFilter(
        field_name="need_id", min_value=1, label=_("Need"), help_text=_("Need id.")
    )
    achievement = IntegerFilter(
        field_name="achievement_id",
        min_value=1,
        label=_("Listing"),
        help_text=_("Listing id."),
    )
    expert = IntegerFilter(
        field_name="expert_id", min_value=1, label=_("Expert"), help_text=_("Expert id.")
    )
    min_score = MinScoreFilter(
        field_name="score",
        lookup_expr="gte",
        min_value=0,
        max_value=1000,
        label=_("Lowest score"),
        help_text=_("Only matches scoring at least this much."),
    )
    dismissed = django_filters.ChoiceFilter(
        choices=DISMISSED_CHOICES,
        method="filter_dismissed",
        label=_("Dismissed matches"),
        empty_label=_("Show them too"),
        help_text=_("Your own dismissals: false hides them, true shows only them."),
    )

    class Meta:
        model = Match
        fields: list[str] = []

    def filter_dismissed(self, queryset: models.QuerySet[Any], name: str, value: str) -> Any:
        user = getattr(self.request, "user", None)
        if user is None or not value:
            return queryset
        if value == "true":
            return selectors.only_dismissed_by(queryset, user)
        return selectors.without_dismissed_by(queryset, user)
