"""Request bodies take exactly the JSON types the schema documents.

DRF's fields are lenient: a CharField takes 5 and stores "5", a BooleanField takes "yes" or 1,
an IntegerField or a primary key takes "5", a DecimalField takes 5.0. Every request body of the
API is JSON and documented with precise types (strings for text, dates and decimals; numbers
for integers; true/false), so a value of another type is a 400 naming the field: what a client
sends means what the schema says, and nothing is silently converted.

Query parameters are strings by nature and keep DRF's (or django-filter's) own fields.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models
from rest_framework import serializers


class StrictCharField(serializers.CharField):
    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictEmailField(serializers.EmailField):
    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictDecimalField(serializers.DecimalField):
    """A decimal as a string ("150000.00"), as the API writes decimals: no binary rounding."""

    def to_internal_value(self, data: Any) -> Decimal:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictDateField(serializers.DateField):
    def to_internal_value(self, data: Any) -> dt.date:
        if not isinstance(data, str):
            self.fail("invalid", format="YYYY-MM-DD")
        return super().to_internal_value(data)


def _json_type(value: Any) -> type | None:
    """The JSON type a value has (enum members count as their str or int)."""
    for kind in (bool, str, int):  # bool first: True is also an int
        if isinstance(value, kind):
            return kind
    return None


class StrictChoiceField(serializers.ChoiceField):
    """One of the documented values, of the documented type (TRL 5, not "5")."""

    def to_internal_value(self, data: Any) -> Any:
        if data == "" and self.allow_blank:
            return ""
        kind = _json_type(data)
        if kind is None or not any(
            _json_type(choice) is kind and data == choice for choice in self.choices
        ):
            self.fail("invalid_choice", input=data)
        return self.choice_strings_to_values[str(data)]


class StrictPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField[Any]):
    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class InputModelSerializer(serializers.ModelSerializer[Any]):
    """A ModelSerializer for request bodies: validates a model's fields with the strict fields
    above. Never saved: the values go to a service function."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.SlugField: StrictCharField,
        models.EmailField: StrictEmailField,
        models.BooleanField: StrictBooleanField,
        models.IntegerField: StrictIntegerField,
        models.SmallIntegerField: StrictIntegerField,
        models.PositiveIntegerField: StrictIntegerField,
        models.PositiveSmallIntegerField: StrictIntegerField,
        models.PositiveBigIntegerField: StrictIntegerField,
        models.BigIntegerField: StrictIntegerField,
        models.DecimalField: StrictDecimalField,
        models.DateField: StrictDateField,
    }
    serializer_choice_field = StrictChoiceField
    serializer_related_field = StrictPrimaryKeyRelatedField


class TaxonomyInputSerializer(InputModelSerializer):
    """An input serializer for a model with taxonomy ``fields`` (listings, needs, experts)."""

    def get_fields(self) -> dict[str, Any]:
        # "fields" is also a serializer's own attribute: added here, not declared.
        from portal.models import Field

        fields = super().get_fields()
        fields["fields"] = StrictPrimaryKeyRelatedField(
            queryset=Field.objects.all(),
            many=True,
            required=False,
            help_text="Ids of fields of the taxonomy (/api/v1/fields/).",
        )
        return fields

    def current(self, data: dict[str, Any], name: str, default: Any = None) -> Any:
        """The value the write leaves: the request's if it has one, else the stored one."""
        if name in data:
            return data[name]
        return getattr(self.instance, name) if self.instance is not None else default
