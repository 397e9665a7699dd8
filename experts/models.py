"""The expert pool: profiles of people who can assess, consult and mentor."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from experts.querysets import ExpertQuerySet
from portal.bilingual import pick
from portal.models import Field


class Expert(models.Model):
    """An expert's profile, kept by the expert (with a login) or by a TTO (without one)."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        REGISTERED = "registered", _("Registered users only")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert_profile",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experts",
    )
    managed_by = models.ForeignKey(
        Organization,
        verbose_name=_("kept by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_experts",
        help_text=_("The TTO that keeps this profile for an expert without a login."),
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    title = models.CharField(_("professional title"), max_length=100, blank=True)
    fields = models.ManyToManyField(
        Field, verbose_name=_("fields"), blank=True, related_name="experts"
    )
    keywords = ArrayField(
        models.CharField(max_length=60), verbose_name=_("expertise"), default=list, blank=True
    )
    bio = models.TextField(_("biography"), blank=True)
    publications = models.TextField(_("selected publications"), blank=True)
    patents = models.TextField(_("selected patents"), blank=True)
    languages = ArrayField(
        models.CharField(max_length=10, choices=settings.LANGUAGES),
        verbose_name=_("working languages"),
        default=list,
        blank=True,
    )
    available_for_consulting = models.BooleanField(_("available for consulting"), default=False)
    available_for_evaluation = models.BooleanField(_("available for evaluation"), default=True)
    available_for_mentoring = models.BooleanField(_("available for mentoring"), default=False)
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    is_active = models.BooleanField(_("listed in the pool"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ExpertQuerySet.as_manager()

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["name_en", "name_zh"]
        constraints = [
            models.CheckConstraint(condition=~Q(name_zh="", name_en=""), name="expert_has_a_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.name_zh, self.name_en)
