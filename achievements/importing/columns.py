"""The import/export columns: what each means, how a cell is read, what makes it invalid.

Parsers take the raw cell (a string from CSV/XLSX, any JSON value from JSON Lines) and return
the canonical value or raise CellError with a message that the row report shows next to the
column name. The canonical values are what export writes, so export → import changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext as _

from achievements.models import Achievement, Patent
from portal.vocabulary import Currency, DevelopmentStage, IPStatus, TransferMode


class CellError(Exception):
    pass


def _max_length(name: str, model: type[models.Model] = Achievement) -> int:
    field = model._meta.get_field(name)
    return int(getattr(field, "max_length", 0) or 0)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    # Export protects spreadsheet users from formula injection with a leading apostrophe.
    if text[:2] in ("'=", "'+", "'-", "'@"):
        text = text[1:]
    return text


def short_text(name: str, model: type[models.Model] = Achievement) -> Callable[[Any], str]:
    limit = _max_length(name, model)

    def parse(value: Any) -> str:
        text = _text(value)
        if len(text) > limit:
            raise CellError(
                _("is %(length)d characters long; at most %(limit)d are allowed")
                % {"length": len(text), "limit": limit}
            )
        return text

    return parse


def long_text(value: Any) -> str:
    return _text(value).replace("\r\n", "\n")


def _items(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [_text(v) for v in value if _text(v)]
    return [part.strip() for part in re.split(r"[;；]", _text(value)) if part.strip()]


def keywords(value: Any) -> list[str]:
    items = _items(value)
    for item in items:
        if len(item) > 60:
            raise CellError(
                _("keyword “%(keyword)s…” is longer than 60 characters") % {"keyword": item[:20]}
            )
    return items


def choice_list(choices: type[TransferMode]) -> Callable[[Any], list[str]]:
    allowed = {value for value, _label in choices.choices}

    def parse(value: Any) -> list[str]:
        items = _items(value)
        wrong = [item for item in items if item not in allowed]
        if wrong:
            raise CellError(
                _("“%(value)s” is not one of: %(allowed)s")
                % {"value": wrong[0], "allowed": ", ".join(sorted(allowed))}
            )
        return sorted(set(items), key=items.index)

    return parse


def choice(options: Any, *, default: str = "") -> Callable[[Any], str]:
    allowed = {value for value, _label in options.choices}

    def parse(value: Any) -> str:
        text = _text(value)
        if not text:
            return default
        if text not in allowed:
            raise CellError(
                _("“%(value)s” is not one of: %(allowed)s")
                % {"value": text, "allowed": ", ".join(sorted(allowed))}
            )
        return text

    return parse


def trl(value: Any) -> int | None:
    text = _text(value)
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 9:
        raise CellError(_("must be a whole number from 1 to 9, not “%(value)s”") % {"value": text})
    return int(text)


TRUE = {"true", "yes", "y", "1", "是", "可议", "面议"}
FALSE = {"false", "no", "n", "0", "否"}


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if not text:
        return True  # the model's default: negotiable
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise CellError(_("must be true or false, not “%(value)s”") % {"value": text})


def money(value: Any) -> str:
    """Canonical text with two decimals ("" for none), as revisions and export write it."""
    text = _text(value).replace(",", "").replace("，", "")
    if not text:
        return ""
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise CellError(
            _("must be an amount such as 250000, not “%(value)s”") % {"value": text}
        ) from None
    if amount < 0 or amount >= Decimal(10) ** 12 or not amount.is_finite():
        raise CellError(_("must be between 0 and 999,999,999,999.99"))
    return f"{amount.quantize(Decimal('0.01')):.2f}"


def email(value: Any) -> str:
    text = _text(value)
    if text:
        try:
            validate_email(text)
        except ValidationError:
            raise CellError(_("“%(value)s” is not an email address") % {"value": text}) from None
    return text


def _date(text: str) -> str:
    if not text:
        return ""
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise CellError(
            _("date “%(value)s” is not in the form YYYY-MM-DD") % {"value": text}
        ) from None


PATENT_CHOICES = {
    "jurisdiction": {v for v, _l in Patent.Jurisdiction.choices},
    "kind": {v for v, _l in Patent.Kind.choices},
    "status": {v for v, _l in Patent.Status.choices},
}


def patents(value: Any) -> list[dict[str, str]]:
    """A list of objects (JSON Lines) or "CN|ZL2019…|invention|granted|2019-01-02|2021-03-04; …".

    The pipe form is jurisdiction|number|kind|status|filing date|grant date|title; only the
    first two are required.
    """
    if value is None or value == "":
        return []
    if isinstance(value, list):
        raw = [item if isinstance(item, dict) else _pipe(str(item)) for item in value]
    else:
        raw = [_pipe(part) for part in re.split(r"[;；]", _text(value)) if part.strip()]
    result = []
    for item in raw:
        patent = {
            "jurisdiction": _text(item.get("jurisdiction")) or "CN",
            "number": _text(item.get("number")),
            "kind": _text(item.get("kind")) or "invention",
            "status": _text(item.get("status")) or "filed",
            "filing_date": _date(_text(item.get("filing_date"))),
            "grant_date": _date(_text(item.get("grant_date"))),
            "title": _text(item.get("title")),
        }
        if not patent["number"]:
            raise CellError(_("every patent needs a number"))
        if len(patent["number"]) > 40 or len(patent["title"]) > 300:
            raise CellError(_("patent number or title too long"))
        for key, allowed in PATENT_CHOICES.items():
            if patent[key] not in allowed:
                raise CellError(
                    _("patent %(key)s “%(value)s” is not one of: %(allowed)s")
                    % {"key": key, "value": patent[key], "allowed": ", ".join(sorted(allowed))}
                )
        result.append(patent)
    numbers = [(p["jurisdiction"], p["number"]) for p in result]
    if len(set(numbers)) != len(numbers):
        raise CellError(_("the same patent is listed twice"))
    return sorted(result, key=lambda p: (p["jurisdiction"], p["number"]))


def _pipe(text: str) -> dict[str, str]:
    parts = [p.strip() for p in text.split("|")]
    keys = ["jurisdiction", "number", "kind", "status", "filing_date", "grant_date", "title"]
    if len(parts) == 1:  # just a number
        return {"number": parts[0]}
    return dict(zip(keys, parts, strict=False))


def inventors(value: Any) -> list[str]:
    items = _items(value)
    for item in items:
        if len(item) > 100:
            raise CellError(_("inventor name “%(name)s…” is too long") % {"name": item[:20]})
    return items


# Column name → parser. Order is the export order. "fields" is handled by the caller (it needs
# the taxonomy), "external_id" is the key.
PARSERS: dict[str, Callable[[Any], Any]] = {
    "title_zh": short_text("title_zh"),
    "title_en": short_text("title_en"),
    "summary_zh": long_text,
    "summary_en": long_text,
    "description": long_text,
    "keywords": keywords,
    "trl": trl,
    "development_stage": choice(DevelopmentStage),
    "ip_status": choice(IPStatus, default=IPStatus.NONE),
    "patents": patents,
    "transfer_modes": choice_list(TransferMode),
    "price_negotiable": boolean,
    "price_min": money,
    "price_max": money,
    "currency": choice(Currency, default=Currency.CNY),
    "contact_name": short_text("contact_name"),
    "contact_email": email,
    "contact_phone": short_text("contact_phone"),
    "inventors": inventors,
}
KEY = "external_id"
COLUMNS = [KEY, "title_zh", "title_en", "summary_zh", "summary_en", "description", "keywords",
           "fields", "trl", "development_stage", "ip_status", "patents", "transfer_modes",
           "price_negotiable", "price_min", "price_max", "currency", "contact_name",
           "contact_email", "contact_phone", "inventors"]  # fmt: skip
# Plain model columns (compared and written directly); the rest are related rows.
SCALAR_COLUMNS = [c for c in COLUMNS if c not in {KEY, "fields", "patents", "inventors"}]
