"""Filters of the inbox, for the API (read or unread, kinds)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import models
from django.utils.translation import gettext_lazy as _

from matching.notifications.models import Notification
from matching.notifications.vocabulary import Kind
from portal.filters import AnyOfFilter, checkboxes

READ_STATES = [("unread", _("Unread")), ("read", _("Read"))]


class NotificationFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=READ_STATES, method="filter_status", label=_("Read or unread"), empty_label=_("All")
    )
    kind = AnyOfFilter(choices=Kind.choices, widget=checkboxes(), label=_("Kind"))

    class Meta:
        model = Notification
        fields: list[str] = []

    def filter_status(self, queryset: models.QuerySet[Any], name: str, value: str) -> Any:
        if value == "unread":
            return queryset.filter(read_at__isnull=True)
        if value == "read":
            return queryset.filter(read_at__isnull=False)
        return queryset
