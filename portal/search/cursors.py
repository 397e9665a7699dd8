"""Keyset cursors: where the last page ended, in the order of its sort.

Opaque to clients (base64 of a small JSON list), checked on the way in, so a damaged or
foreign cursor is a clear error rather than a wrong page.
"""

from __future__ import annotations

import base64
import json
from decimal import Decimal
from typing import Any

SORTS = ("relevance", "newest", "trl")


class CursorError(ValueError):
    pass


def encode_cursor(sort: str, values: list[Any]) -> str:
    raw = json.dumps([sort, *values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str, sort: str) -> list[Any]:
    try:
        padded = token + "=" * (-len(token) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError):
        raise CursorError("after: not a cursor from this search") from None
    shapes = {"relevance": 3, "newest": 2, "trl": 3}
    if not isinstance(data, list) or not data or data[0] != sort or len(data) != shapes[sort] + 1:
        raise CursorError("after: the cursor belongs to another sort order")
    values = data[1:]
    if sort == "relevance":
        try:
            return [Decimal(str(values[0])), int(values[1]), int(values[2])]
        except (ArithmeticError, ValueError, TypeError):
            raise CursorError("after: damaged cursor") from None
    if sort == "trl":
        if not all(isinstance(v, int) for v in values):
            raise CursorError("after: damaged cursor")
        return values
    if not isinstance(values[0], str) or not isinstance(values[1], int):
        raise CursorError("after: damaged cursor")
    return values
