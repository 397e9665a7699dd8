"""Filters for the organisation directory: the API list and the HTML list page."""

from __future__ import annotations

import django_filters
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from portal.filters import AnyOfFilter, OrderingChoiceFilter, SearchFilter, checkboxes, list_box
from portal.vocabulary import Region


class OrganizationFilterSet(django_filters.FilterSet):
    q = SearchFilter(search_fields=["name_zh", "name_en", "slug"])
    kind = AnyOfFilter(choices=Organization.Kind.choices, widget=checkboxes(), label=_("Kind"))
    region = AnyOfFilter(choices=Region.choices, widget=list_box(), label=_("Region"))
    verified = django_filters.ChoiceFilter(
        choices=[("true", _("Verified")), ("false", _("Not verified"))],
        method="filter_verified",
        label=_("Verification"),
    )
    ordering = OrderingChoiceFilter(
        orderings=[
            ("name_en", _("Name")),
            ("-created_at", _("Newest first")),
        ]
    )

    class Meta:
        model = Organization
        fields: list[str] = []

    def filter_verified(
        self, queryset: models.QuerySet[Organization], name: str, value: str
    ) -> models.QuerySet[Organization]:
        return queryset.filter(verified=value == "true")
