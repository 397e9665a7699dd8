"""Filters of the inquiry inbox and the document-request queue, for the pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import models
from django.utils.translation import gettext_lazy as _

from deals.models import AccessRequest, Inquiry
from portal.filters import (
    AnyOfFilter,
    IntegerFilter,
    OrderingChoiceFilter,
    SearchFilter,
    checkboxes,
)

SIDES = [
    ("sent", _("Sent by you or your organisation")),
    ("received", _("Received by your technology-transfer office")),
]


class InquiryFilterSet(django_filters.FilterSet):
    q = SearchFilter(search_fields=["subject"])
    status = AnyOfFilter(choices=Inquiry.Status.choices, widget=checkboxes(), label=_("Status"))
    side = django_filters.ChoiceFilter(
        choices=SIDES, method="filter_side", label=_("Threads"), empty_label=_("All")
    )
    achievement = IntegerFilter(
        field_name="achievement_id", min_value=1, label=_("Listing"), help_text=_("Listing id.")
    )
    ordering = OrderingChoiceFilter(
        orderings=[
            ("-last_message_at", _("Latest message first")),
            ("-created_at", _("Newest first")),
            ("created_at", _("Oldest first")),
        ]
    )

    class Meta:
        model = Inquiry
        fields: list[str] = []

    def filter_side(self, queryset: models.QuerySet[Any], name: str, value: str) -> Any:
        user = self.request.user if self.request is not None else None
        if user is None or not value:
            return queryset
        if value == "sent":
            return queryset.sent_by_side_of(user)  # type: ignore[attr-defined]
        return queryset.received_by_side_of(user)  # type: ignore[attr-defined]


class AccessRequestFilterSet(django_filters.FilterSet):
    status = AnyOfFilter(
        choices=AccessRequest.Status.choices, widget=checkboxes(), label=_("Status")
    )
    side = django_filters.ChoiceFilter(
        choices=[
            ("sent", _("Your requests")),
            ("received", _("Requests to your technology-transfer office")),
        ],
        method="filter_side",
        label=_("Requests"),
        empty_label=_("All"),
    )
    achievement = IntegerFilter(
        field_name="achievement_id", min_value=1, label=_("Listing"), help_text=_("Listing id.")
    )
    ordering = OrderingChoiceFilter(
        orderings=[("-created_at", _("Newest first")), ("created_at", _("Oldest first"))]
    )

    class Meta:
        model = AccessRequest
        fields: list[str] = []

    def filter_side(self, queryset: models.QuerySet[Any], name: str, value: str) -> Any:
        from accounts.roles import tto_organization_ids

        user = self.request.user if self.request is not None else None
        if user is None or not value:
            return queryset
        if value == "sent":
            return queryset.filter(requester=user.pk)
        return queryset.filter(achievement__institution_id__in=tto_organization_ids(user))
