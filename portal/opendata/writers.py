"""CSV and JSON Lines, written as a stream of bounded chunks.

Each writer yields encoded chunks of at most about CHUNK_BYTES (one row more at most), filled
from the table's server-side cursor; memory stays flat however many rows there are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import orjson

from portal.opendata.tables import Table, csv_value, json_value

CHUNK_BYTES = 64 * 1024


def csv_chunks(table: Table) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.name for column in table.columns])
    for row in table.rows():
        writer.writerow([csv_value(value) for value in row.values()])
        if buffer.tell() >= CHUNK_BYTES:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def jsonl_chunks(table: Table) -> Iterator[bytes]:
    buffer = bytearray()
    for row in table.rows():
        buffer += orjson.dumps({name: json_value(value) for name, value in row.items()})
        buffer += b"\n"
        if len(buffer) >= CHUNK_BYTES:
            yield bytes(buffer)
            buffer.clear()
    if buffer:
        yield bytes(buffer)


WRITERS = {
    "csv": (csv_chunks, "text/csv; charset=utf-8"),
    "jsonl": (jsonl_chunks, "application/jsonl; charset=utf-8"),
}
