"""Reading an uploaded file as rows: (row number as the user sees it, {column: raw value}).

The format is decided by the content, not the file name: a zip with a workbook is XLSX, text
whose first character is "{" is JSON Lines, other text is CSV. A gzip wrapper is unwrapped.
CSV text may be UTF-8 (with or without BOM) or GB18030, as Excel in China writes it.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import zipfile
from collections.abc import Iterator
from typing import IO, Any, cast

from django.utils.translation import gettext as _

Row = tuple[int, dict[str, Any]]


class FileProblem(Exception):
    """The file as a whole cannot be read (nothing is imported)."""


def detect_format(stream: IO[bytes]) -> str:
    stream.seek(0)
    head = stream.read(4096)
    stream.seek(0)
    if head.startswith(b"\x1f\x8b"):
        with gzip.open(stream) as unzipped:
            inner = unzipped.read(4096)
        stream.seek(0)
        head = inner
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(stream) as package:
                if "xl/workbook.xml" in package.namelist():
                    return "xlsx"
        except zipfile.BadZipFile:
            pass
        finally:
            stream.seek(0)
        raise FileProblem(_("The file is a zip archive but not an Excel workbook (XLSX)."))
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if not text:
        raise FileProblem(_("The file is empty."))
    if b"\x00" in head:
        raise FileProblem(_("The file is not CSV, XLSX or JSON Lines."))
    return "jsonl" if text.startswith(b"{") else "csv"


def _binary(stream: IO[bytes]) -> IO[bytes]:
    stream.seek(0)
    if stream.read(2) == b"\x1f\x8b":
        stream.seek(0)
        return cast(IO[bytes], gzip.GzipFile(fileobj=stream))
    stream.seek(0)
    return stream


def _text_stream(stream: IO[bytes]) -> io.TextIOWrapper:
    binary = _binary(stream)
    sample = binary.read(1 << 16)
    encoding = "utf-8-sig"
    try:
        sample.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start < len(sample) - 4:  # not just a character cut at the sample's end
            encoding = "gb18030"
    binary.seek(0)
    return io.TextIOWrapper(binary, encoding=encoding, newline="")


def read_rows(stream: IO[bytes], file_format: str) -> tuple[list[str], Iterator[Row]]:
    """The header (column names) and an iterator over the data rows."""
    if file_format == "csv":
        return _csv_rows(stream)
    if file_format == "xlsx":
        return _xlsx_rows(stream)
    if file_format == "jsonl":
        return _jsonl_rows(stream)
    raise FileProblem(_("Unknown format."))


def _csv_rows(stream: IO[bytes]) -> tuple[list[str], Iterator[Row]]:
    reader = csv.reader(_text_stream(stream))
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise FileProblem(_("The file is empty.")) from None
    except (csv.Error, UnicodeDecodeError) as error:
        raise FileProblem(
            _("The file cannot be read as CSV: %(error)s") % {"error": error}
        ) from None

    def rows() -> Iterator[Row]:
        number = 1
        try:
            for cells in reader:
                number = reader.line_num
                if not any(cell.strip() for cell in cells):
                    continue
                yield number, dict(zip(header, cells, strict=False))
        except (csv.Error, UnicodeDecodeError) as error:
            raise FileProblem(
                _("Row %(row)d cannot be read: %(error)s") % {"row": number + 1, "error": error}
            ) from None

    return header, rows()


def _xlsx_rows(stream: IO[bytes]) -> tuple[list[str], Iterator[Row]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(_binary(stream), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise FileProblem(
            _("The workbook cannot be opened: %(error)s") % {"error": error}
        ) from None
    sheet = workbook.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    try:
        header = [str(cell).strip() if cell is not None else "" for cell in next(values)]
    except StopIteration:
        raise FileProblem(_("The first sheet of the workbook is empty.")) from None

    def rows() -> Iterator[Row]:
        for number, cells in enumerate(values, start=2):
            if all(cell is None or str(cell).strip() == "" for cell in cells):
                continue
            yield number, dict(zip(header, cells, strict=False))
        workbook.close()

    return header, rows()


def _jsonl_rows(stream: IO[bytes]) -> tuple[list[str], Iterator[Row]]:
    reader = codecs.getreader("utf-8-sig")(_binary(stream))
    lines = enumerate(reader, start=1)
    header: list[str] = []
    first: Row | None = None
    for number, line in lines:
        if line.strip():
            first = (number, _json_object(number, line))
            header = list(first[1])
            break
    if first is None:
        raise FileProblem(_("The file is empty."))

    def rows(first: Row = first) -> Iterator[Row]:
        yield first
        for number, line in lines:
            if line.strip():
                yield number, _json_object(number, line)

    return header, rows()


def _json_object(number: int, line: str) -> dict[str, Any]:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as error:
        return {"__error__": _("line is not valid JSON: %(error)s") % {"error": error.msg}}
    if not isinstance(value, dict):
        return {"__error__": _("line is not a JSON object")}
    return value
