"""Checking one raw row: every cell parsed, every problem reported with its column."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from achievements.importing.columns import KEY, PARSERS, CellError, _items, _text
from portal.models import Field

KEY_MAX_LENGTH = 100


@dataclass
class Record:
    row: int
    external_id: str
    values: dict[str, Any] = field(default_factory=dict)  # canonical, present columns only


def error(row: int, column: str, message: str) -> dict[str, Any]:
    return {"row": row, "column": column, "message": message}


class RowChecker:
    """Parses rows; remembers external ids so a duplicate later in the file is an error.

    `parsers` maps a column to its parser (the listings' columns unless an importer of another
    kind passes its own); "fields" (codes of the taxonomy) and the key are checked here.
    """

    def __init__(self, parsers: dict[str, Callable[[Any], Any]] | None = None) -> None:
        self.parsers = PARSERS if parsers is None else parsers
        self.field_codes: set[str] = set(Field.objects.values_list("code", flat=True))
        self.seen: dict[str, int] = {}

    def check(self, row: int, raw: dict[str, Any]) -> tuple[Record | None, list[dict[str, Any]]]:
        if "__error__" in raw:
            return None, [error(row, "", raw["__error__"])]
        errors: list[dict[str, Any]] = []
        external_id = _text(raw.get(KEY))
        if not external_id:
            errors.append(error(row, KEY, _("is required: the row's id in your own system")))
        elif len(external_id) > KEY_MAX_LENGTH:
            errors.append(
                error(
                    row, KEY, _("is longer than %(limit)d characters") % {"limit": KEY_MAX_LENGTH}
                )
            )
        elif external_id in self.seen:
            errors.append(
                error(
                    row,
                    KEY,
                    _("“%(id)s” is also on row %(other)d")
                    % {"id": external_id, "other": self.seen[external_id]},
                )
            )
        else:
            self.seen[external_id] = row
        values: dict[str, Any] = {}
        for column, value in raw.items():
            parser = self.parsers.get(column)
            if parser is None:
                if column == "fields":
                    codes = _items(value)
                    unknown = [code for code in codes if code not in self.field_codes]
                    if unknown:
                        errors.append(
                            error(
                                row,
                                column,
                                _("unknown field code “%(code)s”") % {"code": unknown[0]},
                            )
                        )
                    else:
                        values["fields"] = sorted(set(codes))
                continue
            try:
                values[column] = parser(value)
            except CellError as problem:
                errors.append(error(row, column, str(problem)))
        if errors:
            return None, errors
        return Record(row=row, external_id=external_id, values=values), []
