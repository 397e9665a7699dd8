"""The field taxonomy in the API."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from rest_framework import serializers

from portal.models import Field


class ReadOnlyModelSerializer(serializers.ModelSerializer[Any]):
    """A ModelSerializer for read-only resources whose schema admits blank values.

    DRF drops `allow_blank` from read-only fields, so the schema would claim that an optional
    choice (development_stage) or a URL (website) is never "" — when it often is.
    """

    def include_extra_kwargs(
        self, kwargs: MutableMapping[str, Any], extra_kwargs: MutableMapping[str, Any]
    ) -> MutableMapping[str, Any]:
        allow_blank = kwargs.get("allow_blank", False)
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if allow_blank:
            kwargs["allow_blank"] = True
        return kwargs

    def build_standard_field(self, field_name: str, model_field: Any) -> tuple[type[Any], Any]:
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if field_class is serializers.URLField and kwargs.get("allow_blank"):
            field_class = serializers.CharField  # "" is no URI; document a plain string
        return field_class, kwargs


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
