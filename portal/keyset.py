"""Keyset ("cursor") pagination, shared by the API and the HTML list pages.

A cursor carries the ordering values of the row at the edge of the page, so the next page is
"rows beyond (published_at, id)": an index range scan whatever the depth (no OFFSET), and stable
when rows are inserted or removed elsewhere in the list.

Any ordering of the queryset works as long as it consists of plain model fields; the primary key
is appended as a tie-breaker when it is missing. NULLs follow PostgreSQL's default, which is what
`order_by("-published_at")` produces: NULLs sort as if larger than every value (last when
ascending, first when descending). A cursor is only valid for the ordering it was made for.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import Any, Generic, TypeVar

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q

MAX_CURSOR_LENGTH = 2000  # a real cursor is far shorter; this bounds the work on a forged one


class InvalidCursor(ValueError):
    """The cursor is malformed, was tampered with, or belongs to another ordering."""


@dataclass(frozen=True)
class OrderKey:
    field: models.Field[Any, Any]
    descending: bool

    @property
    def name(self) -> str:
        return str(self.field.attname)

    def reversed(self) -> OrderKey:
        return OrderKey(self.field, not self.descending)

    def order_by(self) -> str:
        return f"-{self.name}" if self.descending else self.name


T = TypeVar("T", bound=models.Model)


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None
    previous_cursor: str | None


def ordering_of(queryset: models.QuerySet[Any]) -> list[OrderKey]:
    """The queryset's ordering as keys, with the primary key added as the last tie-breaker."""
    opts = queryset.model._meta
    names = list(queryset.query.order_by) or list(opts.ordering)
    if not names:
        names = ["pk"]
    keys: list[OrderKey] = []
    for raw in names:
        if not isinstance(raw, str):
            raise TypeError(f"keyset pagination needs plain field names, not {raw!r}")
        descending = raw.startswith("-")
        name = raw.lstrip("-")
        try:
            field = opts.pk if name == "pk" else opts.get_field(name)
        except FieldDoesNotExist as error:
            raise TypeError(f"cannot paginate on {raw!r}: {error}") from None
        if not field.concrete or field.many_to_many:
            raise TypeError(f"cannot paginate on {raw!r}: not a column of {opts.label}")
        keys.append(OrderKey(field, descending))
        if field.primary_key:
            break  # the primary key is unique: anything after it never matters
    if not keys[-1].field.primary_key:
        keys.append(OrderKey(opts.pk, keys[0].descending))
    return keys


def signature(keys: Sequence[OrderKey]) -> str:
    return ",".join(key.order_by() for key in keys)


# --- cursors -------------------------------------------------------------------------------------


def _to_json(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def encode_cursor(keys: Sequence[OrderKey], values: Sequence[Any], *, backwards: bool) -> str:
    payload: dict[str, Any] = {"o": signature(keys), "v": [_to_json(v) for v in values]}
    if backwards:
        payload["b"] = 1
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(keys: Sequence[OrderKey], cursor: str) -> tuple[list[Any], bool]:
    """The ordering values and direction carried by a cursor; InvalidCursor when it is bad."""
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise InvalidCursor("too long")
    try:
        raw = base64.urlsafe_b64decode(cursor.encode("ascii") + b"=" * (-len(cursor) % 4))
        payload = json.loads(raw)
    except (UnicodeError, binascii.Error, ValueError, RecursionError):
        raise InvalidCursor("not a cursor") from None
    if not isinstance(payload, dict) or payload.get("o") != signature(keys):
        raise InvalidCursor("made for another ordering")
    raw_values = payload.get("v")
    if not isinstance(raw_values, list) or len(raw_values) != len(keys):
        raise InvalidCursor("wrong number of values")
    values: list[Any] = []
    for key, value in zip(keys, raw_values, strict=True):
        if value is None:
            if not key.field.null:
                raise InvalidCursor(f"{key.name} cannot be empty")
            values.append(None)
            continue
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise InvalidCursor(f"bad value for {key.name}")
        if isinstance(value, float) and not math.isfinite(value):
            raise InvalidCursor(f"bad value for {key.name}")  # a score, never NaN or infinity
        if isinstance(value, str) and "\x00" in value:
            raise InvalidCursor(f"bad value for {key.name}")  # PostgreSQL refuses NUL
        try:
            python_value = key.field.to_python(value)
            # The field's validators include the database's integer range.
            key.field.run_validators(python_value)
        except (ValidationError, ValueError, TypeError, OverflowError):
            raise InvalidCursor(f"bad value for {key.name}") from None
        if isinstance(python_value, dt.datetime) and python_value.tzinfo is None:
            raise InvalidCursor(f"{key.name} has no time zone")
        values.append(python_value)
    return values, bool(payload.get("b"))


# --- the WHERE clause ----------------------------------------------------------------------------


def _equal(key: OrderKey, value: Any) -> Q:
    return Q(**{f"{key.name}__isnull": True}) if value is None else Q(**{key.name: value})


def _strictly_beyond(key: OrderKey, value: Any) -> Q | None:
    """Rows after `value` in this key's direction; None when nothing can follow it."""
    name, nullable = key.name, key.field.null
    if key.descending:  # NULLs first, then values high to low
        if value is None:
            return Q(**{f"{name}__isnull": False})
        return Q(**{f"{name}__lt": value})
    if value is None:  # ascending, NULLs last: nothing is beyond NULL
        return None
    after = Q(**{f"{name}__gt": value})
    return after | Q(**{f"{name}__isnull": True}) if nullable else after


def _leading_bound(key: OrderKey, value: Any) -> Q | None:
    """A redundant range on the first key that lets PostgreSQL start the index scan there."""
    if value is None:
        return None if key.descending else Q(**{f"{key.name}__isnull": True})
    if key.descending:
        return Q(**{f"{key.name}__lte": value})
    return None if key.field.null else Q(**{f"{key.name}__gte": value})


def beyond(keys: Sequence[OrderKey], values: Sequence[Any]) -> Q:
    """Rows strictly after the row with these values, in the order the keys describe."""
    clauses = []
    for position, key in enumerate(keys):
        step = _strictly_beyond(key, values[position])
        if step is None:
            continue
        for earlier, earlier_value in zip(keys[:position], values[:position], strict=True):
            step = _equal(earlier, earlier_value) & step
        clauses.append(step)
    if not clauses:
        return Q(pk__in=[])
    condition = reduce(or_, clauses)
    bound = _leading_bound(keys[0], values[0])
    return bound & condition if bound is not None else condition


# --- a page --------------------------------------------------------------------------------------


def _values_of(row: Any, keys: Sequence[OrderKey]) -> list[Any]:
    return [getattr(row, key.name) for key in keys]


def paginate(queryset: models.QuerySet[T], cursor: str | None, page_size: int) -> Page[T]:
    """One page of the queryset, starting after (or, going back, before) the cursor."""
    keys = ordering_of(queryset)
    if not cursor:
        rows = list(queryset.order_by(*(k.order_by() for k in keys))[: page_size + 1])
        items = rows[:page_size]
        more = len(rows) > page_size
        return Page(
            items=items,
            next_cursor=encode_cursor(keys, _values_of(items[-1], keys), backwards=False)
            if more
            else None,
            previous_cursor=None,
        )

    values, backwards = decode_cursor(keys, cursor)
    walk = [key.reversed() for key in keys] if backwards else keys
    rows = list(
        queryset.filter(beyond(walk, values)).order_by(*(k.order_by() for k in walk))[
            : page_size + 1
        ]
    )
    more = len(rows) > page_size
    rows = rows[:page_size]
    if backwards:
        rows.reverse()
    if not rows:
        return Page(items=[], next_cursor=None, previous_cursor=None)
    first, last = _values_of(rows[0], keys), _values_of(rows[-1], keys)
    # Walking forward there is always a page behind us; walking back, always one ahead.
    has_next = more if not backwards else True
    has_previous = more if backwards else True
    return Page(
        items=rows,
        next_cursor=encode_cursor(keys, last, backwards=False) if has_next else None,
        previous_cursor=encode_cursor(keys, first, backwards=True) if has_previous else None,
    )
