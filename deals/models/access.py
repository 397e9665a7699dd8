"""Requests for a listing's confidential documents, and the NDAs that may come first."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from accounts.validators import validate_visible_text
from achievements.models import Achievement
from deals.querysets import AccessRequestQuerySet, NdaQuerySet
from deals.text import NDA_MAX_LENGTH, PURPOSE_MAX_LENGTH, validate_message_text


class Nda(models.Model):
    """One version of an institution's non-disclosure agreement. A version never changes once
    published: an acceptance points at the exact text that was agreed to. At most one version
    per institution is current; while one is, document requests need it accepted first."""

    institution = models.ForeignKey(
        Organization,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="ndas",
    )
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200, validators=[validate_visible_text])
    text = models.TextField(
        _("text"), validators=[MaxLengthValidator(NDA_MAX_LENGTH), validate_message_text]
    )
    is_current = models.BooleanField(_("current"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("published"), auto_now_add=True)
    retired_at = models.DateTimeField(_("no longer current since"), null=True, blank=True)

    objects = NdaQuerySet.as_manager()

    class Meta:
        verbose_name = _("NDA version")
        verbose_name_plural = _("NDA versions")
        ordering = ["institution", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "version"], name="nda_version_unique"),
            models.UniqueConstraint(
                fields=["institution"], condition=Q(is_current=True), name="nda_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def text_sha256(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()


class AccessRequest(models.Model):
    """Someone asks a listing's TTO for its confidential documents, saying why.

    Approved access opens the listing's confidential files to the requester (through
    AchievementFile.objects.visible_to) until it expires or is revoked.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        REVOKED = "revoked", _("Revoked")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    notifications_confidential = True

    achievement = models.ForeignKey(
        Achievement,
        verbose_name=_("listing"),
        on_delete=models.PROTECT,
        related_name="access_requests",
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requester"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="access_requests",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="access_requests",
        help_text=_("The organisation the requester works for, shown to the TTO."),
    )
    purpose = models.TextField(
        _("purpose"),
        validators=[MaxLengthValidator(PURPOSE_MAX_LENGTH), validate_message_text],
        help_text=_("What you want to evaluate the documents for."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    expires_at = models.DateTimeField(
        _("access until"),
        null=True,
        blank=True,
        help_text=_("Empty: until revoked."),
    )
    reason = models.TextField(
        _("reason"),
        blank=True,
        validators=[MaxLengthValidator(PURPOSE_MAX_LENGTH), validate_message_text],
        help_text=_("Why the request was declined or the access revoked."),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AccessRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("document request")
        verbose_name_plural = _("document requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["requester", "achievement"],
                condition=Q(status="pending"),
                name="access_request_one_pending",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(decided_at__isnull=False),
                name="access_request_approved_is_decided",
            ),
        ]
        indexes = [
            models.Index(fields=["achievement", "created_at"], name="access_listing_created"),
            models.Index(fields=["requester", "status"], name="access_requester_status"),
        ]

    def __str__(self) -> str:
        return f"{self.requester} → {self.achievement}"

    def get_absolute_url(self) -> str:
        return reverse("access-request-detail", args=[self.pk])

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def grants_access(self) -> bool:
        return self.status == self.Status.APPROVED and not self.is_expired


class NdaAcceptance(models.Model):
    """The record that a person accepted one NDA version for one request: who (and the name
    they signed with), when, from which address, and a hash of the exact text. Kept even if the
    person deletes their account: the email and name are copied, not only referenced."""

    access_request = models.ForeignKey(
        AccessRequest,
        verbose_name=_("document request"),
        on_delete=models.PROTECT,
        related_name="nda_acceptances",
    )
    nda = models.ForeignKey(
        Nda, verbose_name=_("NDA version"), on_delete=models.PROTECT, related_name="acceptances"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_name = models.CharField(
        _("signed as"), max_length=200, validators=[validate_visible_text]
    )
    email = models.EmailField(_("email address"))
    organization_name = models.CharField(_("organisation"), max_length=200, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    text_sha256 = models.CharField(_("SHA-256 of the text"), max_length=64)

    class Meta:
        verbose_name = _("NDA acceptance")
        verbose_name_plural = _("NDA acceptances")
        ordering = ["-accepted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["access_request", "nda"], name="nda_acceptance_once_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signed_name} · {self.nda} · {self.accepted_at:%Y-%m-%d %H:%M}"
