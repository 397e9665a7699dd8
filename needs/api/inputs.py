"""What the API accepts for needs: validation and shaping only.

These serializers never save anything: a view validates the request body and hands the values
to needs.services.need_save, the function the pages call, which checks who may act, guards
the state and writes the audit log.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from needs.models import Need
from needs.services import COLUMNS
from portal.rest.inputs import (
    StrictCharField,
    StrictChoiceField,
    TaxonomyInputSerializer,
)
from portal.vocabulary import TransferMode


class NeedInputSerializer(TaxonomyInputSerializer):
    """A need as its enterprise writes it. On update (PATCH), only the keys sent change;
    fields replaces the whole list when sent. On a published need, a change to the title,
    description or budget sends it back to review."""

    cooperation_modes = serializers.ListField(
        child=StrictChoiceField(choices=TransferMode.choices),
        required=False,
        max_length=len(TransferMode.choices),
    )
    keywords = serializers.ListField(
        child=StrictCharField(max_length=60), required=False, max_length=50
    )

    class Meta:
        model = Need
        fields = [*COLUMNS, "fields"]
        validators: list[Any] = []  # the service validates the whole need

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        def value(name: str) -> Any:
            return self.current(data, name)

        low, high = value("trl_min"), value("trl_max")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError(
                {"trl_max": [_("The highest TRL must not be below the lowest one.")]}
            )
        low, high = value("budget_min"), value("budget_max")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError(
                {"budget_max": [_("The upper budget must not be below the lower one.")]}
            )
        return data

    def changes(self) -> dict[str, Any]:
        """The keyword arguments of need_save: None where nothing was sent."""
        data = self.validated_data
        return {
            "values": {name: data[name] for name in COLUMNS if name in data},
            "fields": data.get("fields"),
        }


class NewNeedSerializer(NeedInputSerializer):
    """A new draft need of an enterprise the caller is a member of; title and description
    are required."""

    class Meta(NeedInputSerializer.Meta):
        fields = ["organization", *NeedInputSerializer.Meta.fields]
        extra_kwargs = {
            "organization": {"help_text": "Id of the enterprise the need is posted for."},
            "title": {"required": True},
            "description": {"required": True},
        }
