"""Confidential invention disclosures: a researcher's report of an invention to the TTO."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from achievements.querysets import DisclosureQuerySet
from achievements.uploads import upload_storage
from portal.vocabulary import DevelopmentStage


class Disclosure(models.Model):
    """A researcher's confidential invention disclosure to their institution's TTO."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CONVERTED = "converted", _("Converted to a listing")

    institution = models.ForeignKey(
        Organization,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="disclosures",
    )
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitter"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="disclosures",
    )
    title = models.CharField(_("title"), max_length=300)
    abstract = models.TextField(_("abstract"), blank=True)
    description = models.TextField(_("detailed description"), blank=True)
    development_stage = models.CharField(
        _("development stage"), max_length=20, choices=DevelopmentStage.choices, blank=True
    )
    funding_sources = models.TextField(_("funding sources"), blank=True)
    commercial_ideas = models.TextField(_("commercial applications"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = DisclosureQuerySet.as_manager()

    class Meta:
        verbose_name = _("invention disclosure")
        verbose_name_plural = _("invention disclosures")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class DisclosureInventor(models.Model):
    """An inventor named on a disclosure: a registered user or just a named person."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="inventors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    share = models.DecimalField(
        _("contribution share (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("inventor")
        verbose_name_plural = _("inventors")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class PriorDisclosure(models.Model):
    """An earlier public disclosure (paper, talk…) that matters for novelty."""

    class Kind(models.TextChoices):
        PAPER = "paper", _("Paper")
        TALK = "talk", _("Talk or poster")
        THESIS = "thesis", _("Thesis")
        OTHER = "other", _("Other")

    disclosure = models.ForeignKey(
        Disclosure, on_delete=models.CASCADE, related_name="prior_disclosures"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    date = models.DateField(_("date"))

    class Meta:
        verbose_name = _("prior public disclosure")
        verbose_name_plural = _("prior public disclosures")
        ordering = ["date"]

    def __str__(self) -> str:
        return self.title


class DisclosureAttachment(models.Model):
    """A confidential file attached to a disclosure (drawings, data, a manuscript…)."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), storage=upload_storage, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name
