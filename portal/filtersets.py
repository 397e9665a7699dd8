"""Filters for the field taxonomy."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from portal.filters import FIELD_CODE_PATTERN, AnyOfFilter, IntegerFilter, ValuesFilter
from portal.models import Field


class FieldFilterSet(django_filters.FilterSet):
    scheme = AnyOfFilter(choices=Field.Scheme.choices, label=_("Scheme"))
    parent = ValuesFilter(
        field_name="parent__code",
        pattern=FIELD_CODE_PATTERN,
        label=_("Parent field"),
        help_text=_("The parent's code: ?parent=2 lists the sub-fields of field 2."),
    )
    depth = IntegerFilter(min_value=0, max_value=10, label=_("Depth"))

    class Meta:
        model = Field
        fields: list[str] = []
