"""Abuse reports: any signed-in reader can flag an item; moderators resolve the report."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.permissions import Grant, moderators, restrict, the_user
from accounts.roles import AnyUser

REPORT_GRANTS: dict[str, list[Grant]] = {
    # Moderators see every report; a reporter sees their own.
    "view": [Grant(moderators), Grant(the_user("reporter"))],
    # dismiss, resolve, or take the item down: moderators, while the report is open
    "resolve": [Grant(moderators, Q(status="open"))],
}


class AbuseReportQuerySet(models.QuerySet["AbuseReport"]):
    def restrict(self, user: AnyUser, action: str) -> AbuseReportQuerySet:
        return restrict(self, user, REPORT_GRANTS, action)

    def visible_to(self, user: AnyUser) -> AbuseReportQuerySet:
        return self.restrict(user, "view")


class AbuseReport(models.Model):
    class Reason(models.TextChoices):
        INACCURATE = "inaccurate", _("False or misleading information")
        INFRINGING = "infringing", _("Infringes someone's rights")
        SPAM = "spam", _("Spam or advertising")
        OFFENSIVE = "offensive", _("Offensive or inappropriate")
        CONFIDENTIAL = "confidential", _("Discloses confidential information")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DISMISSED = "dismissed", _("Dismissed")
        RESOLVED = "resolved", _("Resolved")
        TAKEN_DOWN = "taken_down", _("Resolved: item taken down")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    details = models.TextField(_("what is wrong"), max_length=4000)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    objects = AbuseReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("abuse report")
        verbose_name_plural = _("abuse reports")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "content_type", "object_id"],
                condition=Q(status="open"),
                name="abusereport_one_open_per_reporter",
            ),
        ]
        indexes = [
            models.Index(
                fields=["created_at"], name="abusereport_open", condition=Q(status="open")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.get_status_display()})"
