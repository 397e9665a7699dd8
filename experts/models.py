"""The expert pool: profiles of people who can assess, consult and mentor."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from experts.querysets import AssessmentQuerySet, ExpertQuerySet
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
    # The keeping TTO's own id of the profile: a re-import updates the same profile.
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
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
            models.UniqueConstraint(
                fields=["managed_by", "external_id"],
                condition=~Q(external_id=""),
                name="expert_external_id_unique_per_keeper",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.name_zh, self.name_en)


class Assessment(models.Model):
    """An expert's assessment of a listing, asked for by the listing's TTO.

    requested → submitted (by the expert, or by the TTO for an expert without a login) or
    declined. The TTO may publish a submitted assessment: it then shows on the listing's page.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        SUBMITTED = "submitted", _("Submitted")
        DECLINED = "declined", _("Declined")

    class MarketPotential(models.IntegerChoices):
        LOW = 1, _("Low")
        MODERATE = 2, _("Moderate")
        HIGH = 3, _("High")
        VERY_HIGH = 4, _("Very high")

    class Recommendation(models.TextChoices):
        TRANSFER = "transfer", _("Ready for transfer")
        DEVELOP = "develop", _("Develop further first")
        NOT_RECOMMENDED = "not_recommended", _("Not recommended")

    achievement = models.ForeignKey(
        "achievements.Achievement",
        verbose_name=_("listing"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    expert = models.ForeignKey(
        Expert, verbose_name=_("expert"), on_delete=models.CASCADE, related_name="assessments"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    trl = models.PositiveSmallIntegerField(
        _("assessed TRL"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
    )
    maturity_notes = models.TextField(_("technology maturity"), blank=True)
    market_potential = models.PositiveSmallIntegerField(
        _("market potential"), choices=MarketPotential.choices, null=True, blank=True
    )
    risks = models.TextField(_("risks"), blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices, blank=True
    )
    text = models.TextField(_("assessment"), blank=True, help_text=_("Markdown."))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published = models.BooleanField(_("published on the listing"), default=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["achievement", "expert"], name="one_assessment_per_expert_and_listing"
            ),
            models.CheckConstraint(
                condition=Q(trl__isnull=True) | Q(trl__gte=1, trl__lte=9),
                name="assessment_trl_1_to_9",
            ),
            models.CheckConstraint(
                condition=Q(published=False) | Q(status="submitted"),
                name="assessment_published_only_when_submitted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} · {self.achievement}"

    def get_absolute_url(self) -> str:
        return reverse("assessment-detail", args=[self.pk])
