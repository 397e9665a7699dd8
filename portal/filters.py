"""Filter building blocks shared by every FilterSet (and so by the API and the HTML list pages).

None of them runs a query of its own while validating: a request's query budget goes to the
page itself. Values that name other rows (field codes, organisation slugs) are checked for
form, not looked up; an unknown one simply matches nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import django_filters
from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from portal.models import Field

# --- values checked for form only ---------------------------------------------------------------


class ValuesField(forms.MultipleChoiceField):
    """Repeated query values (?x=a&x=b) checked against a pattern instead of a list of choices.

    The choices, when given (a callable is fine), only feed the HTML widget: validation never
    loads them, so the API path runs no query for it.
    """

    def __init__(self, *, pattern: str, **kwargs: Any) -> None:
        self.pattern = re.compile(pattern)
        kwargs.setdefault("choices", ())
        super().__init__(**kwargs)

    def valid_value(self, value: Any) -> bool:
        return bool(self.pattern.fullmatch(str(value)))


def document(filter_: Any, schema: dict[str, Any]) -> None:
    """Declares a filter's OpenAPI type (as one value; repeated filters become arrays)."""
    description = filter_.extra.get("help_text") or filter_.label
    if description:
        schema = {**schema, "description": description}
    extend_schema_field(schema)(filter_)


class ValuesFilter(django_filters.MultipleChoiceFilter):
    """Any of several values, matched with `field__in` (no DISTINCT: it is a plain column)."""

    field_class = ValuesField

    def __init__(self, *args: Any, pattern: str, **kwargs: Any) -> None:
        kwargs.setdefault("distinct", False)
        super().__init__(*args, pattern=pattern, **kwargs)
        document(self, {"type": "string", "pattern": f"^{pattern}$"})

    def filter(self, qs: models.QuerySet[Any], value: list[str]) -> models.QuerySet[Any]:
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": sorted(set(value))})


class AnyOfFilter(django_filters.MultipleChoiceFilter):
    """Any of several choices of a single-valued column (`field__in`, no DISTINCT)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)

    def filter(self, qs: models.QuerySet[Any], value: list[str]) -> models.QuerySet[Any]:
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": sorted(set(value))})


class OverlapFilter(AnyOfFilter):
    """Any of several choices found in an array column (`transfer_modes && ARRAY[…]`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        values = [str(value) for value, _label in self.extra["choices"]]
        document(self, {"type": "string", "enum": values})

    def filter(self, qs: models.QuerySet[Any], value: list[str]) -> models.QuerySet[Any]:
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__overlap": sorted(set(value))})


# --- the field taxonomy -------------------------------------------------------------------------

# Taxonomy codes are short dotted segments ("2", "2.10"; an industry scheme might use "C26.1").
FIELD_CODE_PATTERN = r"[0-9A-Za-z]{1,6}(?:\.[0-9A-Za-z]{1,6}){0,3}"

# Every field with one of the given codes, and all their descendants, in one subquery.
_FIELD_SUBTREE_SQL = f"""
WITH RECURSIVE subtree(id) AS (
    SELECT id FROM {Field._meta.db_table} WHERE code = ANY(%s)
    UNION
    SELECT child.id FROM {Field._meta.db_table} child JOIN subtree ON child.parent_id = subtree.id
)
SELECT id FROM subtree
"""  # noqa: S608 - the only interpolation is our own table name; codes are parameters


def field_choices() -> list[tuple[str, Any]]:
    """Field codes for the HTML filter form: top-level fields with their children indented."""
    return [
        (field.code, ("\u2003" if field.depth else "") + f"{field.code} {field.name}")
        for field in Field.objects.only("code", "name_en", "name_zh", "depth").order_by(
            "scheme", "position"
        )
    ]


class FieldCodeFilter(ValuesFilter):
    """Rows tagged with any of the given fields *or any of their descendants* (?field=2.2)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("choices", field_choices)
        kwargs.setdefault("widget", list_box(8))
        super().__init__(*args, pattern=FIELD_CODE_PATTERN, **kwargs)

    def filter(self, qs: models.QuerySet[Any], value: list[str]) -> models.QuerySet[Any]:
        if not value:
            return qs
        relation = qs.model._meta.get_field(self.field_name)
        through = relation.remote_field.through
        own, other = relation.m2m_field_name(), relation.m2m_reverse_field_name()
        tagged = through.objects.filter(
            **{
                f"{own}_id": OuterRef("pk"),
                # Our own SQL text; the codes travel as a parameter.
                f"{other}_id__in": RawSQL(_FIELD_SUBTREE_SQL, [sorted(set(value))]),  # noqa: S611
            }
        )
        return qs.filter(Exists(tagged))


# --- text, numbers, dates, ordering ---------------------------------------------------------------


class SearchFilter(django_filters.CharFilter):
    """`q`: the search box of a list page or list endpoint.

    Searchable models (achievements, needs, experts) go through the search module: the same
    query syntax, Chinese segmentation and Traditional/Simplified folding as /search/, while
    the list keeps its own ordering and cursor. Other models (organisations) match the words
    as case-insensitive substrings of search_fields.
    """

    def __init__(self, *args: Any, search_fields: Sequence[str], **kwargs: Any) -> None:
        self.search_fields = tuple(search_fields)
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("validators", [MaxLengthValidator(200)])
        super().__init__(*args, **kwargs)

    def filter(self, qs: models.QuerySet[Any], value: str) -> models.QuerySet[Any]:
        from portal.search import filter_queryset
        from portal.search.indexing import is_searchable

        if not (value or "").strip():
            return qs
        if is_searchable(qs.model):
            return filter_queryset(qs, value)
        for word in value.split()[:10]:
            match = Q()
            for column in self.search_fields:
                match |= Q(**{f"{column}__icontains": word})
            qs = qs.filter(match)
        return qs


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        schema: dict[str, Any] = {"type": "integer"}
        if "min_value" in self.extra:
            schema["minimum"] = self.extra["min_value"]
        if "max_value" in self.extra:
            schema["maximum"] = self.extra["max_value"]
        document(self, schema)


class DayFilter(django_filters.DateFilter):
    """A whole calendar day, in the portal's time zone, as a bound on a timestamp column.

    `bound="from"` keeps rows at or after the start of the day, `bound="until"` rows up to its
    end, so ?published_after=2026-01-01&published_before=2026-01-31 is all of January.
    """

    def __init__(self, *args: Any, bound: str, **kwargs: Any) -> None:
        if bound not in {"from", "until"}:
            raise ValueError(bound)
        self.bound = bound
        kwargs.setdefault("widget", date_input())
        super().__init__(*args, **kwargs)

    def filter(self, qs: models.QuerySet[Any], value: dt.date | None) -> models.QuerySet[Any]:
        if value is None:
            return qs
        # Bounds beyond any real date keep every dated row, and avoid odd historical offsets.
        if self.bound == "from":
            if value.year < 1900:
                return qs.filter(**{f"{self.field_name}__isnull": False})
            return qs.filter(**{f"{self.field_name}__gte": _start_of(value)})
        if value.year >= 9999:
            return qs.filter(**{f"{self.field_name}__isnull": False})
        return qs.filter(**{f"{self.field_name}__lt": _start_of(value + dt.timedelta(days=1))})


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class DateBoundFilter(django_filters.DateFilter):
    """A bound on a date column (`deadline`): inclusive at both ends."""

    def __init__(self, *args: Any, bound: str, **kwargs: Any) -> None:
        kwargs["lookup_expr"] = {"from": "gte", "until": "lte"}[bound]
        kwargs.setdefault("widget", date_input())
        super().__init__(*args, **kwargs)


class OrderingChoiceFilter(django_filters.OrderingFilter):
    """`ordering`: a fixed list of orderings, each with its own label ("Newest first").

    Unknown values are a 400, not silently ignored. The primary key is added as a tie-breaker by
    the pagination, so every ordering is total and cursors stay stable.
    """

    def __init__(self, *args: Any, orderings: Sequence[tuple[str, Any]], **kwargs: Any) -> None:
        self.orderings = list(orderings)
        kwargs.setdefault("label", _("Order"))
        fields = list(dict.fromkeys(name.lstrip("-") for name, _label in self.orderings))
        super().__init__(*args, fields=fields, **kwargs)

    def build_choices(self, fields: Any, labels: Any) -> list[tuple[str, Any]]:
        return self.orderings


def slug_field_filter(field_name: str, *, label: Any, choices: Callable[[], Iterable[Any]]) -> Any:
    """Organisations by their short name (?institution=qiantang-university)."""
    return ValuesFilter(
        field_name=field_name,
        label=label,
        pattern=r"[-a-zA-Z0-9_]{1,80}",
        choices=choices,
        widget=list_box(5),
        help_text=_("Organisations by short name (slug)."),
    )


def organization_choices(*, research_only: bool) -> Callable[[], list[tuple[str, str]]]:
    """Organisation slugs for an HTML filter form (loaded only when the form is drawn)."""

    def choices() -> list[tuple[str, str]]:
        from accounts.models import Organization

        organizations = Organization.objects.filter(verified=True)
        if research_only:
            organizations = organizations.filter(kind__in=Organization.RESEARCH_KINDS)
        return [(org.slug, org.name) for org in organizations.order_by("name_en", "name_zh")]

    return choices


# --- widgets for the HTML filter forms (the API ignores them) -----------------------------------


def checkboxes() -> forms.CheckboxSelectMultiple:
    return forms.CheckboxSelectMultiple(attrs={"class": "checkboxes"})


def list_box(rows: int = 6) -> forms.SelectMultiple:
    return forms.SelectMultiple(attrs={"size": rows})


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UTCDateTimeField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 time, converted to UTC: PostgreSQL refuses offsets past ±15:59 (+22:24)."""

    def to_python(self, value: Any) -> dt.datetime | None:
        result = super().to_python(value)
        if result is None:
            return None
        try:
            return result.astimezone(dt.UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class TimestampFilter(django_filters.IsoDateTimeFilter):
    """Rows whose timestamp is at or after an ISO 8601 time (?updated_after=2026-03-01T08:00Z)."""

    field_class = UTCDateTimeField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("lookup_expr", "gte")
        super().__init__(*args, **kwargs)
