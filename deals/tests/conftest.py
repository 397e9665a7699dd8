"""A published listing of University A, with a confidential document, for the deals tests."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from achievements.models import Achievement, AchievementFile
from achievements.services import achievement_file_add
from achievements.tests.factories import AchievementFactory

PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture
def listing(university_a) -> Achievement:
    return AchievementFactory.create(
        institution=university_a, title_en="Composite separator for safer batteries"
    )


@pytest.fixture
def confidential_file(listing, tto_a) -> AchievementFile:
    return achievement_file_add(
        actor=tto_a,
        achievement=listing,
        upload=SimpleUploadedFile("term sheet.pdf", PDF),
        kind="document",
        is_public=False,
        title="Term sheet",
    )
