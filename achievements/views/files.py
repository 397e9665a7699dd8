"""Handing out uploaded files: only through here, after the visibility querysets say yes."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404

from achievements.models import AchievementFile, Disclosure, DisclosureAttachment


def _serve(
    record: AchievementFile | DisclosureAttachment, *, inline: bool, public: bool
) -> FileResponse:
    response = FileResponse(
        record.file.open("rb"),
        as_attachment=not inline,
        filename=record.original_name,
        content_type=record.content_type,
    )
    # The browser must not run anything from an upload, nor guess another type for it.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return response


def achievement_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    record = get_object_or_404(
        AchievementFile.objects.visible_to(request.user), pk=file_pk, achievement_id=pk
    )
    is_image = record.kind == AchievementFile.Kind.IMAGE
    return _serve(record, inline=is_image, public=record.is_public)


def disclosure_attachment(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    disclosure = get_object_or_404(Disclosure.objects.visible_to(request.user), pk=pk)
    record = get_object_or_404(disclosure.attachments, pk=file_pk)
    return _serve(record, inline=False, public=False)
