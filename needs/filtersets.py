"""Filters for technology needs: the API list and the HTML list page."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from needs.models import Need
from portal.filters import (
    AnyOfFilter,
    DateBoundFilter,
    DayFilter,
    FieldCodeFilter,
    IntegerFilter,
    OrderingChoiceFilter,
    OverlapFilter,
    SearchFilter,
    TimestampFilter,
    checkboxes,
    list_box,
    organization_choices,
    slug_field_filter,
)
from portal.vocabulary import ContentLanguage, Region, TransferMode

# A need has one title and one description; its language is read from the title.
CJK = r"[\u3400-\u9fff]"


class NeedFilterSet(django_filters.FilterSet):
    q = SearchFilter(search_fields=["title", "description"])
    field = FieldCodeFilter(
        field_name="fields",
        label=_("Field"),
        help_text=_("Field codes such as 2.5; sub-fields are included."),
    )
    trl_min = IntegerFilter(min_value=1, max_value=9, method="filter_trl_min", label=_("TRL from"))
    trl_max = IntegerFilter(min_value=1, max_value=9, method="filter_trl_max", label=_("TRL up to"))
    organization = slug_field_filter(
        "organization__slug",
        label=_("Organisation"),
        choices=organization_choices(research_only=False),
    )
    region = AnyOfFilter(choices=Region.choices, widget=list_box(), label=_("Region"))
    transfer_mode = OverlapFilter(
        field_name="cooperation_modes",
        choices=TransferMode.choices,
        widget=checkboxes(),
        label=_("Cooperation mode"),
    )
    language = django_filters.ChoiceFilter(
        choices=[
            (ContentLanguage.ZH.value, ContentLanguage.ZH.label),
            (ContentLanguage.EN.value, ContentLanguage.EN.label),
        ],
        method="filter_language",
        label=_("Language"),
        help_text=_("Read from the title: zh when it contains Chinese characters."),
    )
    status = AnyOfFilter(choices=Need.Status.choices, widget=checkboxes(), label=_("Status"))
    published_after = DayFilter(field_name="published_at", bound="from", label=_("Published from"))
    published_before = DayFilter(
        field_name="published_at", bound="until", label=_("Published until")
    )
    deadline_after = DateBoundFilter(field_name="deadline", bound="from", label=_("Deadline from"))
    deadline_before = DateBoundFilter(
        field_name="deadline", bound="until", label=_("Deadline until")
    )
    updated_after = TimestampFilter(
        field_name="updated_at", lookup_expr="gte", label=_("Changed since")
    )
    ordering = OrderingChoiceFilter(
        orderings=[
            ("-published_at", _("Newest first")),
            ("published_at", _("Oldest first")),
            ("-updated_at", _("Recently changed")),
            ("deadline", _("Deadline soonest")),
        ]
    )

    class Meta:
        model = Need
        fields: list[str] = []

    # The need's TRL range [trl_min, trl_max] must overlap the one asked for; open ends match.
    def filter_trl_min(
        self, queryset: models.QuerySet[Any], name: str, value: int
    ) -> models.QuerySet[Any]:
        return queryset.filter(Q(trl_max__isnull=True) | Q(trl_max__gte=value))

    def filter_trl_max(
        self, queryset: models.QuerySet[Any], name: str, value: int
    ) -> models.QuerySet[Any]:
        return queryset.filter(Q(trl_min__isnull=True) | Q(trl_min__lte=value))

    def filter_language(
        self, queryset: models.QuerySet[Any], name: str, value: str
    ) -> models.QuerySet[Any]:
        chinese = Q(title__regex=CJK)
        return queryset.filter(chinese if value == ContentLanguage.ZH else ~chinese)
