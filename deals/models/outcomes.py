"""Outcomes: the deals a TTO records for a listing, and the daily view counters of the funnel."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from accounts.validators import validate_visible_text
from achievements.models import Achievement
from deals.querysets import OutcomeQuerySet
from deals.text import PURPOSE_MAX_LENGTH, validate_message_text
from portal.vocabulary import Currency, TransferMode

# What a published listing may say about an outcome, when its TTO chooses to show it.
PUBLIC_LABELS: dict[str, Any] = {
    TransferMode.EXCLUSIVE_LICENCE: _("Licensed"),
    TransferMode.NON_EXCLUSIVE_LICENCE: _("Licensed"),
    TransferMode.ASSIGNMENT: _("Transferred"),
    TransferMode.JOINT_DEVELOPMENT: _("In joint development"),
    TransferMode.EQUITY_INVESTMENT: _("Equity investment agreed"),
    TransferMode.TECHNICAL_SERVICE: _("Technical service agreed"),
}


class Outcome(models.Model):
    """A deal on a listing: licence, assignment, joint development, equity or service.

    Everything here is the TTO's own record. Only the kind and the date may become public, and
    only when the TTO ticks "show on the listing"; the counterparty and the value never do.
    """

    class Status(models.TextChoices):
        RECORDED = "recorded", _("Recorded")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    achievement = models.ForeignKey(
        Achievement, verbose_name=_("listing"), on_delete=models.PROTECT, related_name="outcomes"
    )
    kind = models.CharField(_("kind of deal"), max_length=30, choices=TransferMode.choices)
    counterparty_organization = models.ForeignKey(
        Organization,
        verbose_name=_("counterparty (registered organisation)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    counterparty_name = models.CharField(
        _("counterparty (name)"),
        max_length=200,
        blank=True,
        validators=[validate_visible_text],
        help_text=_("When the counterparty is not registered on Keqiao."),
    )
    signed_on = models.DateField(_("signed on"))
    value = models.DecimalField(
        _("value"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Confidential: only your TTO sees it."),
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY
    )
    show_on_listing = models.BooleanField(
        _("show on the listing"),
        default=False,
        help_text=_("Readers of the published listing see the kind of deal and the year."),
    )
    note = models.TextField(
        _("internal note"),
        blank=True,
        validators=[MaxLengthValidator(PURPOSE_MAX_LENGTH), validate_message_text],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECORDED
    )
    withdrawn_reason = models.TextField(
        _("reason for withdrawing"),
        blank=True,
        validators=[MaxLengthValidator(PURPOSE_MAX_LENGTH), validate_message_text],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(counterparty_organization__isnull=False) | ~Q(counterparty_name=""),
                name="outcome_has_a_counterparty",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0),
                name="outcome_value_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["achievement", "signed_on"], name="outcome_listing_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.signed_on}"

    @property
    def counterparty(self) -> str:
        if self.counterparty_organization is not None:
            return str(self.counterparty_organization)
        return self.counterparty_name

    @property
    def public_label(self) -> str:
        return str(PUBLIC_LABELS.get(self.kind, self.get_kind_display()))


class ListingViewDay(models.Model):
    """How many visitors read a listing's page on one day (one per visitor and day).

    Written by one UPSERT per new visitor (deals.services.views); never read on the hot path.
    """

    achievement = models.ForeignKey(Achievement, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("listing views on a day")
        verbose_name_plural = _("listing views per day")
        constraints = [
            models.UniqueConstraint(fields=["achievement", "day"], name="listing_view_day_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.achievement_id} · {self.day}: {self.views}"
