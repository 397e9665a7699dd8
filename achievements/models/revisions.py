"""Pending revisions: material edits of a published listing that wait for a moderator.

The live Achievement row only ever holds reviewed material text; the proposed values live here
(as JSON, in the import/export vocabulary) until a moderator approves them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from achievements.models.listings import Achievement

# Edits to these change what a reader is promised; on a published listing they need re-review.
MATERIAL_FIELDS = (
    "title_zh",
    "title_en",
    "summary_zh",
    "summary_en",
    "description",
    "price_negotiable",
    "price_min",
    "price_max",
    "currency",
    "ip_status",
)


class AchievementRevision(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Not yet sent for review")
        SUBMITTED = "submitted", _("Waiting for review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPLIED = "applied", _("Approved and applied")
        REJECTED = "rejected", _("Rejected")
        DISCARDED = "discarded", _("Discarded")

    OPEN_STATES = (Status.PENDING, Status.SUBMITTED, Status.CHANGES_REQUESTED)

    achievement = models.ForeignKey(Achievement, on_delete=models.CASCADE, related_name="revisions")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    # Material fields only, plus "patents": a list of patent dicts.
    data = models.JSONField(_("proposed values"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("listing revision")
        verbose_name_plural = _("listing revisions")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["achievement"],
                condition=Q(status__in=["pending", "submitted", "changes_requested"]),
                name="achievement_one_open_revision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.achievement} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATES
