"""Achievement listings: the listing itself, its patents, inventors and files."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from achievements.models.disclosures import Disclosure
from achievements.querysets import AchievementFileQuerySet, AchievementQuerySet
from achievements.uploads import upload_storage
from portal.bilingual import pick
from portal.models import Field
from portal.vocabulary import (
    TRL_CHOICES,
    ContentLanguage,
    Currency,
    DevelopmentStage,
    IPStatus,
    TransferMode,
)

TRL_RANGE = [MinValueValidator(1), MaxValueValidator(9)]


class Achievement(models.Model):
    """A research achievement listed for transfer: licence, assignment, joint development…"""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        ARCHIVED = "archived", _("Archived")

    institution = models.ForeignKey(
        Organization,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="achievements",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_disclosure = models.OneToOneField(
        Disclosure,
        verbose_name=_("source disclosure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="achievement",
    )
    external_id = models.CharField(
        _("external id"),
        max_length=100,
        blank=True,
        help_text=_("The institution's own identifier, used to update listings on re-import."),
    )
    title_zh = models.CharField(_("title (Chinese)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    summary_zh = models.TextField(_("summary (Chinese)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    description = models.TextField(_("description (Markdown)"), blank=True)
    keywords = ArrayField(
        models.CharField(max_length=60), verbose_name=_("keywords"), default=list, blank=True
    )
    fields = models.ManyToManyField(
        Field, verbose_name=_("fields"), blank=True, related_name="achievements"
    )
    trl = models.PositiveSmallIntegerField(
        _("technology readiness level"),
        choices=TRL_CHOICES,
        validators=TRL_RANGE,
        null=True,
        blank=True,
    )
    development_stage = models.CharField(
        _("development stage"), max_length=20, choices=DevelopmentStage.choices, blank=True
    )
    ip_status = models.CharField(
        _("IP status"), max_length=30, choices=IPStatus.choices, default=IPStatus.NONE
    )
    transfer_modes = ArrayField(
        models.CharField(max_length=30, choices=TransferMode.choices),
        verbose_name=_("transfer modes"),
        default=list,
        blank=True,
    )
    price_negotiable = models.BooleanField(_("price negotiable"), default=True)
    price_min = models.DecimalField(
        _("price from"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    price_max = models.DecimalField(
        _("price up to"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY
    )
    contact_name = models.CharField(_("contact name"), max_length=100, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    freshness_reminded_at = models.DateTimeField(
        _("owner reminded to confirm"), null=True, blank=True
    )
    confirmed_current_at = models.DateTimeField(_("confirmed current"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AchievementQuerySet.as_manager()

    class Meta:
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title_zh="", title_en=""), name="achievement_has_a_title"
            ),
            models.CheckConstraint(
                condition=Q(trl__isnull=True) | Q(trl__gte=1, trl__lte=9),
                name="achievement_trl_1_to_9",
            ),
            models.CheckConstraint(
                condition=Q(price_min__isnull=True)
                | Q(price_max__isnull=True)
                | Q(price_min__lte=F("price_max")),
                name="achievement_price_range_ordered",
            ),
            models.UniqueConstraint(
                fields=["institution", "external_id"],
                condition=~Q(external_id=""),
                name="achievement_external_id_unique_per_institution",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="achievement_status_pub"),
            models.Index(fields=["institution", "status"], name="achievement_inst_status"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick(self.title_zh, self.title_en)

    @property
    def summary(self) -> str:
        return pick(self.summary_zh, self.summary_en)

    @property
    def content_language(self) -> str:
        has_zh = bool(self.title_zh or self.summary_zh)
        has_en = bool(self.title_en or self.summary_en)
        if has_zh and has_en:
            return ContentLanguage.BILINGUAL
        return ContentLanguage.ZH if has_zh else ContentLanguage.EN

    def transfer_mode_labels(self) -> list[str]:
        return [str(TransferMode(mode).label) for mode in self.transfer_modes]


class Patent(models.Model):
    """A patent or application protecting an achievement."""

    class Jurisdiction(models.TextChoices):
        CN = "CN", _("China (CNIPA)")
        US = "US", _("United States (USPTO)")
        EP = "EP", _("Europe (EPO)")
        WO = "WO", _("PCT international application")
        JP = "JP", _("Japan (JPO)")
        KR = "KR", _("Korea (KIPO)")
        OTHER = "other", _("Other")

    class Kind(models.TextChoices):
        INVENTION = "invention", _("Invention patent")
        UTILITY_MODEL = "utility-model", _("Utility model")
        DESIGN = "design", _("Design patent")

    class Status(models.TextChoices):
        FILED = "filed", _("Filed")
        PUBLISHED = "published", _("Published application")
        GRANTED = "granted", _("Granted")
        LAPSED = "lapsed", _("Lapsed")
        EXPIRED = "expired", _("Expired")

    achievement = models.ForeignKey(Achievement, on_delete=models.CASCADE, related_name="patents")
    number = models.CharField(_("number"), max_length=40)
    jurisdiction = models.CharField(
        _("jurisdiction"), max_length=10, choices=Jurisdiction.choices, default=Jurisdiction.CN
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.INVENTION)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.FILED
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    filing_date = models.DateField(_("filing date"), null=True, blank=True)
    grant_date = models.DateField(_("grant date"), null=True, blank=True)

    class Meta:
        verbose_name = _("patent")
        verbose_name_plural = _("patents")
        ordering = ["filing_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["achievement", "jurisdiction", "number"], name="patent_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction} {self.number}"


class AchievementInventor(models.Model):
    """A person named as inventor on a listing, linked to their expert profile when one exists."""

    achievement = models.ForeignKey(Achievement, on_delete=models.CASCADE, related_name="inventors")
    name = models.CharField(_("name"), max_length=100)
    expert = models.ForeignKey(
        "experts.Expert",
        verbose_name=_("expert profile"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inventions",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("inventor")
        verbose_name_plural = _("inventors")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class AchievementFile(models.Model):
    """An image or document of a listing; public ones for every reader, confidential ones not."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        DOCUMENT = "document", _("Document")

    achievement = models.ForeignKey(Achievement, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Public files are shown to every reader; the others only to your TTO."),
    )
    title = models.CharField(_("caption"), max_length=200, blank=True)
    file = models.FileField(_("file"), storage=upload_storage, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = AchievementFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("listing file")
        verbose_name_plural = _("listing files")
        ordering = ["kind", "created_at", "id"]

    def __str__(self) -> str:
        return self.title or self.original_name
