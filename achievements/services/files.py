"""Adding and removing listing files and disclosure attachments."""

from __future__ import annotations

from django.core.files import File
from django.db import transaction

from accounts.models import User
from achievements.models import Achievement, AchievementFile, Disclosure, DisclosureAttachment
from achievements.services.permissions import require_disclosure, require_listing
from achievements.uploads import (
    DOCUMENT_TYPES,
    IMAGE_TYPES,
    check_upload,
    display_name,
    stored_name,
)


def achievement_file_add(
    *,
    actor: User,
    achievement: Achievement,
    upload: File,
    kind: str,
    is_public: bool,
    title: str = "",
) -> AchievementFile:
    require_listing(actor, achievement, "edit")
    allowed = IMAGE_TYPES if kind == AchievementFile.Kind.IMAGE else DOCUMENT_TYPES
    file_type = check_upload(upload, size=upload.size or 0, allowed=allowed)
    record = AchievementFile(
        achievement=achievement,
        kind=kind,
        is_public=is_public,
        title=title,
        original_name=display_name(upload.name or "", file_type),
        content_type=file_type.content_type,
        size=upload.size or 0,
        uploaded_by=actor,
    )
    record.file.save(stored_name("listings", file_type), upload, save=False)
    try:
        record.full_clean()
        record.save()
    except Exception:
        record.file.delete(save=False)  # no orphan on disk when the row is not written
        raise
    return record


def achievement_file_delete(*, actor: User, file: AchievementFile) -> None:
    require_listing(actor, file.achievement, "edit")
    storage, name = file.file.storage, file.file.name
    file.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def disclosure_attachment_add(
    *, actor: User, disclosure: Disclosure, upload: File
) -> DisclosureAttachment:
    require_disclosure(actor, disclosure, "edit")
    file_type = check_upload(upload, size=upload.size or 0, allowed=DOCUMENT_TYPES)
    record = DisclosureAttachment(
        disclosure=disclosure,
        original_name=display_name(upload.name or "", file_type),
        content_type=file_type.content_type,
        size=upload.size or 0,
        uploaded_by=actor,
    )
    record.file.save(stored_name("disclosures", file_type), upload, save=False)
    try:
        record.full_clean()
        record.save()
    except Exception:
        record.file.delete(save=False)
        raise
    return record
