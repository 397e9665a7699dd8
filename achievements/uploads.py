"""Uploaded files: size limit, type decided by the content (magic bytes), safe stored names.

Every upload (public or confidential) is kept in the "uploads" storage, which is never served
from MEDIA_URL: views hand files out after checking visibility (see achievements.views.files).
"""

from __future__ import annotations

import uuid
import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, storages
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def upload_storage() -> Storage:
    """The storage for uploads (a callable, so settings can swap it and migrations stay stable)."""
    return storages["uploads"]


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    is_image: bool = False


PNG = FileType("png", "image/png", is_image=True)
JPEG = FileType("jpg", "image/jpeg", is_image=True)
GIF = FileType("gif", "image/gif", is_image=True)
WEBP = FileType("webp", "image/webp", is_image=True)
PDF = FileType("pdf", "application/pdf")
DOCX = FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
PPTX = FileType("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation")

IMAGE_TYPES = frozenset({PNG, JPEG, GIF, WEBP})
DOCUMENT_TYPES = frozenset({PDF, DOCX, XLSX, PPTX, *IMAGE_TYPES})

# The member of an Office Open XML package that tells which kind of document it is.
_OOXML_MARKERS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX, "ppt/presentation.xml": PPTX}


def sniff(stream: IO[bytes]) -> FileType | None:
    """The file's type judged by its first bytes (and, for zip containers, their contents)."""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(stream) as package:
                names = set(package.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            stream.seek(0)
        for marker, file_type in _OOXML_MARKERS.items():
            if marker in names:
                return file_type
    return None


def check_upload(upload: IO[bytes], *, size: int, allowed: frozenset[FileType]) -> FileType:
    """The upload's type, or a ValidationError naming what is wrong with it."""
    limit: int = settings.KEQIAO_UPLOAD_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    file_type = sniff(upload)
    if file_type is None or file_type not in allowed:
        names = ", ".join(sorted(t.extension.upper() for t in allowed))
        raise ValidationError(
            _("This kind of file is not accepted; allowed are: %(types)s.") % {"types": names},
            code="file_type",
        )
    return file_type


def stored_name(prefix: str, file_type: FileType) -> str:
    """A random name: nothing of the uploader's file name reaches the file system."""
    return f"{prefix}/{uuid.uuid4().hex}.{file_type.extension}"


def display_name(original: str, file_type: FileType) -> str:
    """The name offered on download: the uploader's base name, the extension of the real type."""
    base = original.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>:|?*')[:120].strip()
    return f"{base or 'file'}.{file_type.extension}"
