"""Filters for the expert pool: the API list and the HTML list page."""

from __future__ import annotations

from typing import Any

import django_filters
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from experts.models import Assessment, Expert
from portal.filters import (
    AnyOfFilter,
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
from portal.vocabulary import Region

AVAILABILITY = [
    ("consulting", _("Consulting")),
    ("evaluation", _("Evaluation")),
    ("mentoring", _("Mentoring")),
]


class ExpertFilterSet(django_filters.FilterSet):
    q = SearchFilter(search_fields=["name_zh", "name_en", "title", "bio"])
    field = FieldCodeFilter(
        field_name="fields",
        label=_("Field"),
        help_text=_("Field codes such as 2.5; sub-fields are included."),
    )
    organization = slug_field_filter(
        "organization__slug",
        label=_("Organisation"),
        choices=organization_choices(research_only=False),
    )
    region = AnyOfFilter(
        field_name="organization__region",
        choices=Region.choices,
        widget=list_box(),
        label=_("Region"),
    )
    language = OverlapFilter(
        field_name="languages",
        choices=settings.LANGUAGES,
        widget=checkboxes(),
        label=_("Working language"),
    )
    available_for = django_filters.MultipleChoiceFilter(
        choices=AVAILABILITY,
        method="filter_available_for",
        widget=checkboxes(),
        label=_("Available for"),
        help_text=_("An expert must be available for all that are chosen."),
    )
    updated_after = TimestampFilter(
        field_name="updated_at", lookup_expr="gte", label=_("Changed since")
    )
    ordering = OrderingChoiceFilter(
        orderings=[
            ("name_en", _("Name")),
            ("-updated_at", _("Recently changed")),
        ]
    )

    class Meta:
        model = Expert
        fields: list[str] = []

    def filter_available_for(
        self, queryset: models.QuerySet[Any], name: str, value: list[str]
    ) -> models.QuerySet[Any]:
        return queryset.filter(**{f"available_for_{kind}": True for kind in value})


class AssessmentFilterSet(django_filters.FilterSet):
    """Assessments, for /api/v1/assessments/."""

    status = AnyOfFilter(
        field_name="status",
        choices=Assessment.Status.choices,
        widget=checkboxes(),
        label=_("Status"),
    )
    achievement = IntegerFilter(field_name="achievement_id", min_value=1, label=_("Listing"))
    expert = IntegerFilter(field_name="expert_id", min_value=1, label=_("Expert"))
    published = django_filters.ChoiceFilter(
        choices=[("true", _("Published")), ("false", _("Not published"))],
        method="filter_published",
        label=_("Published on the listing"),
    )

    class Meta:
        model = Assessment
        fields: list[str] = []

    def filter_published(
        self, queryset: models.QuerySet[Any], name: str, value: str
    ) -> models.QuerySet[Any]:
        return queryset.filter(published=value == "true")
