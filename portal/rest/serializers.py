"""The base class of every API serializer: read-only, honest about blanks, and fast.

Two things DRF's ModelSerializer does not do for a read-only API:

- It drops `allow_blank` from read-only fields, so the schema would claim that an optional choice
  (development_stage) or a URL (website) is never "" — when it often is. We keep it.
- It rebuilds every field from the model on every request and walks them generically for every
  row, which costs several times the query of a page of 20. We build a *plan* once per class:
  for each field, how to read the attribute and which of the field's own `to_representation`
  methods turns it into JSON. Output is identical to DRF's (tests/api/test_serializers.py
  compares them field by field); serializers with fields that need the serializer itself at
  run time (SerializerMethodField…) simply keep DRF's path.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from operator import attrgetter
from typing import Any, ClassVar

from django.db import models
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.reverse import reverse

# A pk no real row has, replaced in a URL reversed once per request (see _url_step).
_URL_SENTINEL = 987654321987654

Step = Callable[[Any, dict[str, Any]], Any]


class _NotPlannable(Exception):
    pass


def _url_step(field: serializers.HyperlinkedIdentityField) -> Step:
    view_name, lookup = str(field.view_name), field.lookup_field
    kwarg = field.lookup_url_kwarg

    def url(instance: Any, context: dict[str, Any]) -> str:
        templates = context.setdefault("_url_templates", {})
        template = templates.get(view_name)
        if template is None:
            template = templates[view_name] = reverse(
                view_name, kwargs={kwarg: _URL_SENTINEL}, request=context.get("request")
            )
        return str(template).replace(str(_URL_SENTINEL), str(getattr(instance, lookup)))

    return url


def _nested_step(getter: Callable[[Any], Any], child: type[ReadOnlyModelSerializer]) -> Step:
    def nested(instance: Any, context: dict[str, Any]) -> Any:
        value = getter(instance)
        return None if value is None else child.represent(value, context)

    return nested


def _many_step(getter: Callable[[Any], Any], child: type[ReadOnlyModelSerializer]) -> Step:
    def many(instance: Any, context: dict[str, Any]) -> list[Any]:
        value = getter(instance)
        rows = value.all() if isinstance(value, models.Manager) else value
        return [child.represent(row, context) for row in rows]

    return many


def _field_step(field: serializers.Field[Any, Any, Any, Any]) -> Step:
    sources = field.source_attrs
    read: Callable[[Any], Any] = field.get_attribute  # dotted sources, pk-only relations
    if len(sources) == 1 and not isinstance(field, serializers.RelatedField):
        read = attrgetter(sources[0])
    convert = field.to_representation

    def value(instance: Any, context: dict[str, Any]) -> Any:
        attribute = read(instance)
        empty = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
        return None if empty is None else convert(attribute)

    return value


def _plan(prototype: ReadOnlyModelSerializer) -> list[tuple[str, Step]]:
    plan = []
    for field in prototype._readable_fields:
        name = str(field.field_name)
        getter = attrgetter(str(field.source)) if field.source != "*" else (lambda obj: obj)
        if isinstance(field, serializers.HyperlinkedIdentityField):
            step = _url_step(field)
        elif isinstance(field, serializers.ListSerializer) and isinstance(
            field.child, ReadOnlyModelSerializer
        ):
            step = _many_step(getter, type(field.child))
        elif isinstance(field, ReadOnlyModelSerializer):
            step = _nested_step(getter, type(field))
        elif isinstance(
            field,
            serializers.BaseSerializer
            | serializers.SerializerMethodField
            | serializers.HyperlinkedRelatedField
            | serializers.FileField,
        ):
            raise _NotPlannable(name)  # needs the serializer or the request at run time
        else:
            step = _field_step(field)
        plan.append((name, step))
    return plan


class ReadOnlyModelSerializer(serializers.ModelSerializer[Any]):
    _compiled: ClassVar[list[tuple[str, Step]] | None]

    # --- fast representation ------------------------------------------------------------------

    @classmethod
    def compiled(cls) -> list[tuple[str, Step]] | None:
        """The class's plan (built on first use), or None when it must use DRF's path."""
        if "_compiled" not in cls.__dict__:
            try:
                cls._compiled = _plan(cls())
            except _NotPlannable:
                cls._compiled = None
        return cls._compiled

    @classmethod
    def represent(cls, instance: Any, context: dict[str, Any]) -> dict[str, Any]:
        plan = cls.compiled()
        if plan is None:
            return cls(context=context).to_representation(instance)
        row = {}
        for name, step in plan:
            try:
                row[name] = step(instance, context)
            except SkipField:
                continue
        return row

    def to_representation(self, instance: Any) -> dict[str, Any]:
        if self.compiled() is None:
            return super().to_representation(instance)
        return self.represent(instance, self.context)  # type: ignore[arg-type]  # a dict

    # --- blanks in the schema --------------------------------------------------------------------

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
