"""Achievements app models, one module per responsibility."""

from achievements.models.disclosures import (
    Disclosure,
    DisclosureAttachment,
    DisclosureInventor,
    PriorDisclosure,
)
from achievements.models.imports import ImportJob
from achievements.models.listings import (
    TRL_RANGE,
    Achievement,
    AchievementFile,
    AchievementInventor,
    Patent,
)
from achievements.models.revisions import MATERIAL_FIELDS, AchievementRevision

__all__ = [
    "MATERIAL_FIELDS",
    "TRL_RANGE",
    "Achievement",
    "AchievementFile",
    "AchievementInventor",
    "AchievementRevision",
    "Disclosure",
    "DisclosureAttachment",
    "DisclosureInventor",
    "ImportJob",
    "Patent",
    "PriorDisclosure",
]
