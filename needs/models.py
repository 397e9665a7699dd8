"""Technology needs posted by enterprises."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from needs.querysets import NeedQuerySet
from portal.models import Field
from portal.vocabulary import TRL_CHOICES, Currency, Region, TransferMode

TRL_RANGE = [MinValueValidator(1), MaxValueValidator(9)]


class Need(models.Model):
    """An enterprise's technology need: what it is looking for, at what maturity and budget."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        CLOSED = "closed", _("Closed")
        FULFILLED = "fulfilled", _("Fulfilled")
        EXPIRED = "expired", _("Expired")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="needs",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"))
    fields = models.ManyToManyField(
        Field, verbose_name=_("fields"), blank=True, related_name="needs"
    )
    keywords = ArrayField(
        models.CharField(max_length=60), verbose_name=_("keywords"), default=list, blank=True
    )
    trl_min = models.PositiveSmallIntegerField(
        _("lowest acceptable TRL"), choices=TRL_CHOICES, validators=TRL_RANGE, null=True, blank=True
    )
    trl_max = models.PositiveSmallIntegerField(
        _("highest TRL sought"), choices=TRL_CHOICES, validators=TRL_RANGE, null=True, blank=True
    )
    budget_negotiable = models.BooleanField(_("budget negotiable"), default=True)
    budget_min = models.DecimalField(
        _("budget from"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget_max = models.DecimalField(
        _("budget up to"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    cooperation_modes = ArrayField(
        models.CharField(max_length=30, choices=TransferMode.choices),
        verbose_name=_("preferred cooperation modes"),
        default=list,
        blank=True,
    )
    region = models.CharField(_("region"), max_length=30, choices=Region.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("technology need")
        verbose_name_plural = _("technology needs")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(trl_min__isnull=True)
                | Q(trl_max__isnull=True)
                | Q(trl_min__lte=F("trl_max")),
                name="need_trl_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(budget_min__isnull=True)
                | Q(budget_max__isnull=True)
                | Q(budget_min__lte=F("budget_max")),
                name="need_budget_range_ordered",
            ),
        ]
        indexes = [models.Index(fields=["status", "-published_at"], name="need_status_pub")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("need-detail", args=[self.pk])

    def cooperation_mode_labels(self) -> list[str]:
        return [str(TransferMode(mode).label) for mode in self.cooperation_modes]

    @property
    def is_past_deadline(self) -> bool:
        """The deadline (the last day) is over, whatever the state; the sweeper expires it."""
        return self.deadline is not None and self.deadline < timezone.localdate()
