"""Uploads are judged by their bytes, not their names."""

import io
import zipfile

import pytest

from achievements.uploads import DOCX, JPEG, PDF, PNG, XLSX, display_name, sniff


def ooxml(marker: str) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(marker, "<x/>")
    buffer.seek(0)
    return buffer


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n0000", PNG),
        (b"\xff\xd8\xff\xe0JFIF", JPEG),
        (b"%PDF-1.7\n", PDF),
        (b"<html><script>", None),
        (b"MZ\x90\x00 an executable", None),
        (b"PK\x03\x04 not really a zip", None),
    ],
)
def test_the_type_comes_from_the_first_bytes(data, expected):
    assert sniff(io.BytesIO(data)) == expected


def test_office_documents_are_told_apart_by_their_contents():
    assert sniff(ooxml("word/document.xml")) == DOCX
    assert sniff(ooxml("xl/workbook.xml")) == XLSX
    assert sniff(ooxml("something/else.xml")) is None


def test_the_offered_name_keeps_the_base_and_takes_the_real_extension():
    assert display_name("C:\\Users\\me\\report.exe", PDF) == "report.pdf"
    assert display_name('../../"evil"<name>.png', PNG) == "evilname.png"
    assert display_name("", PNG) == "file.png"
