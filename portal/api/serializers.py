"""The field taxonomy in the API."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from portal.models import Field
from portal.rest.serializers import ReadOnlyModelSerializer


class FieldBriefSerializer(ReadOnlyModelSerializer):
    """A field as nested in achievements, needs and experts."""

    class Meta:
        model = Field
        fields = ["id", "scheme", "code", "name_zh", "name_en"]
        read_only_fields = fields


class FieldSerializer(ReadOnlyModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:field-detail")

    class Meta:
        model = Field
        fields = [
            "id",
            "url",
            "scheme",
            "code",
            "name_zh",
            "name_en",
            "parent",
            "depth",
            "position",
        ]
        read_only_fields = fields

    def get_fields(self) -> dict[str, Any]:
        # "parent" is also the name of a serializer's own attribute: added here, not declared.
        fields = super().get_fields()
        fields["parent"] = serializers.CharField(
            source="parent.code",
            allow_null=True,
            read_only=True,
            help_text="The parent field's code; null for a top-level field.",
        )
        return fields


def with_fields(serializer_fields: dict[str, Any]) -> dict[str, Any]:
    """Adds the nested `fields` list (a name a serializer cannot declare as an attribute)."""
    serializer_fields["fields"] = FieldBriefSerializer(many=True, read_only=True)
    return serializer_fields
