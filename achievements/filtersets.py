"""Filters for achievement listings and disclosures: the API lists and the HTML list page."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from achievements.models import Achievement, Disclosure
from portal.filters import (
    AnyOfFilter,
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
from portal.vocabulary import ContentLanguage, DevelopmentStage, IPStatus, Region, TransferMode


class AchievementFilterSet(django_filters.FilterSet):
    q = SearchFilter(search_fields=["title_zh", "title_en", "summary_zh", "summary_en"])
    field = FieldCodeFilter(
        field_name="fields",
        label=_("Field"),
        help_text=_("Field codes such as 2.5; sub-fields are included."),
    )
    trl_min = IntegerFilter(
        field_name="trl", lookup_expr="gte", min_value=1, max_value=9, label=_("TRL from")
    )
    trl_max = IntegerFilter(
        field_name="trl", lookup_expr="lte", min_value=1, max_value=9, label=_("TRL up to")
    )
    institution = slug_field_filter(
        "institution__slug",
        label=_("Institution"),
        choices=organization_choices(research_only=True),
    )
    region = AnyOfFilter(
        field_name="institution__region",
        choices=Region.choices,
        widget=list_box(),
        label=_("Region"),
    )
    transfer_mode = OverlapFilter(
        field_name="transfer_modes",
        choices=TransferMode.choices,
        widget=checkboxes(),
        label=_("Transfer mode"),
    )
    ip_status = AnyOfFilter(choices=IPStatus.choices, widget=checkboxes(), label=_("IP status"))
    development_stage = AnyOfFilter(
        choices=DevelopmentStage.choices, widget=checkboxes(), label=_("Development stage")
    )
    language = django_filters.ChoiceFilter(
        choices=ContentLanguage.choices,
        method="filter_language",
        label=_("Language"),
        help_text=_("zh and en include bilingual listings; bilingual means both languages."),
    )
    status = AnyOfFilter(choices=Achievement.Status.choices, widget=checkboxes(), label=_("Status"))
    published_after = DayFilter(field_name="published_at", bound="from", label=_("Published from"))
    published_before = DayFilter(
        field_name="published_at", bound="until", label=_("Published until")
    )
    updated_after = TimestampFilter(
        field_name="updated_at", lookup_expr="gte", label=_("Changed since")
    )
    ordering = OrderingChoiceFilter(
        orderings=[
            ("-published_at", _("Newest first")),
            ("published_at", _("Oldest first")),
            ("-updated_at", _("Recently changed")),
            ("-trl", _("Most mature first")),
            ("trl", _("Least mature first")),
        ]
    )

    class Meta:
        model = Achievement
        fields: list[str] = []

    def filter_language(
        self, queryset: models.QuerySet[Any], name: str, value: str
    ) -> models.QuerySet[Any]:
        has_zh = ~Q(title_zh="") | ~Q(summary_zh="")
        has_en = ~Q(title_en="") | ~Q(summary_en="")
        if value == ContentLanguage.ZH:
            return queryset.filter(has_zh)
        if value == ContentLanguage.EN:
            return queryset.filter(has_en)
        return queryset.filter(has_zh & has_en)


class DisclosureFilterSet(django_filters.FilterSet):
    q = SearchFilter(search_fields=["title", "abstract"])
    status = AnyOfFilter(choices=Disclosure.Status.choices, widget=checkboxes(), label=_("Status"))
    institution = slug_field_filter(
        "institution__slug",
        label=_("Institution"),
        choices=organization_choices(research_only=True),
    )
    development_stage = AnyOfFilter(
        choices=DevelopmentStage.choices, widget=checkboxes(), label=_("Development stage")
    )
    submitted_after = DayFilter(field_name="submitted_at", bound="from", label=_("Submitted from"))
    submitted_before = DayFilter(
        field_name="submitted_at", bound="until", label=_("Submitted until")
    )
    updated_after = TimestampFilter(
        field_name="updated_at", lookup_expr="gte", label=_("Changed since")
    )
    ordering = OrderingChoiceFilter(
        orderings=[
            ("-created_at", _("Newest first")),
            ("created_at", _("Oldest first")),
            ("-updated_at", _("Recently changed")),
            ("-submitted_at", _("Recently submitted")),
        ]
    )

    class Meta:
        model = Disclosure
        fields: list[str] = []
