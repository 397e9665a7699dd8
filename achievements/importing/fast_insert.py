"""Multi-row INSERT for the import's hot path.

Django's bulk_create compiles every value through the SQL compiler, which costs more than the
database's own work for wide rows; psycopg2's execute_values adapts the same Python values in
C. Rows are plain dicts; model defaults fill the columns a row leaves out, so the statement
is the same one bulk_create would send. Only for models whose columns hold plain values
(text, numbers, booleans, dates, arrays, JSON-free): callers are in this package.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, models
from django.utils import timezone
from psycopg2.extras import execute_values


def insert_rows(model: type[models.Model], rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows (dicts of attname → value) and return their new primary keys, in order."""
    if not rows:
        return []
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults: dict[str, Any] = {}
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults[field.attname] = now
        elif field.has_default():
            defaults[field.attname] = field.get_default()
        elif field.null:
            defaults[field.attname] = None
        else:
            defaults[field.attname] = "" if field.empty_strings_allowed else None
    columns = [f.attname for f in fields]
    # Table and column names come from the model's metadata, quoted; values are parameters.
    sql = 'INSERT INTO {} ({}) VALUES %s RETURNING "{}"'.format(  # noqa: S608
        connection.ops.quote_name(model._meta.db_table),
        ", ".join(connection.ops.quote_name(str(f.column)) for f in fields),
        model._meta.pk.column if model._meta.pk else "id",
    )
    values = [tuple(row.get(name, defaults[name]) for name in columns) for row in rows]
    with connection.cursor() as cursor:
        result = execute_values(cursor.cursor, sql, values, page_size=len(values), fetch=True)
    return [row[0] for row in result]
