"""Matches between needs, achievements and experts, with the parts of their scores."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from matching.matches import querysets


class Match(models.Model):
    """One scored pairing. ``parts`` holds the named parts whose sum is ``score`` ("why")."""

    class Kind(models.TextChoices):
        NEED_ACHIEVEMENT = querysets.NEED_ACHIEVEMENT, _("Need and achievement")
        NEED_EXPERT = querysets.NEED_EXPERT, _("Need and expert")
        ACHIEVEMENT_EXPERT = querysets.ACHIEVEMENT_EXPERT, _("Achievement and expert")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    need = models.ForeignKey(
        "needs.Need",
        verbose_name=_("need"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="matches",
    )
    achievement = models.ForeignKey(
        "achievements.Achievement",
        verbose_name=_("achievement"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="matches",
    )
    expert = models.ForeignKey(
        "experts.Expert",
        verbose_name=_("expert"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="matches",
    )
    score = models.FloatField(_("score"))
    # {"text": 0.41, "fields": 0.2, "trl": 0.1, "mode": 0.05, "region": 0.0}: sums to score.
    parts = models.JSONField(_("score parts"), default=dict)
    engine_version = models.PositiveSmallIntegerField(_("engine version"), default=1)
    # Whose top lists hold the pair (bits: FROM_NEED, FROM_ACHIEVEMENT, FROM_EXPERT). A pair
    # leaves when the last list that held it drops it (matching/engine/store.py).
    found_from = models.PositiveSmallIntegerField(_("found from"), default=0)
    found_at = models.DateTimeField(_("first found"), auto_now_add=True)
    computed_at = models.DateTimeField(_("last computed"), auto_now=True)

    FROM_NEED = 1
    FROM_ACHIEVEMENT = 2
    FROM_EXPERT = 4

    objects = querysets.MatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-score", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="need-achievement", need__isnull=False, achievement__isnull=False)
                    & Q(expert__isnull=True)
                )
                | (
                    Q(kind="need-expert", need__isnull=False, expert__isnull=False)
                    & Q(achievement__isnull=True)
                )
                | (
                    Q(kind="achievement-expert", achievement__isnull=False, expert__isnull=False)
                    & Q(need__isnull=True)
                ),
                name="match_sides_fit_kind",
            ),
            models.UniqueConstraint(
                fields=["need", "achievement"],
                condition=Q(kind="need-achievement"),
                name="match_need_achievement_once",
            ),
            models.UniqueConstraint(
                fields=["need", "expert"],
                condition=Q(kind="need-expert"),
                name="match_need_expert_once",
            ),
            models.UniqueConstraint(
                fields=["achievement", "expert"],
                condition=Q(kind="achievement-expert"),
                name="match_achievement_expert_once",
            ),
        ]
        indexes = [
            models.Index(fields=["need", "-score"], name="match_need_score"),
            models.Index(fields=["achievement", "-score"], name="match_achievement_score"),
            models.Index(fields=["expert", "-score"], name="match_expert_score"),
        ]

    def __str__(self) -> str:
        sides = [str(side) for side in (self.need, self.achievement, self.expert) if side]
        return " ↔ ".join(sides)


class MatchFeedback(models.Model):
    """A recipient's verdict on a match: useful, or dismissed with a reason."""

    class Verdict(models.TextChoices):
        USEFUL = "useful", _("Useful")
        DISMISSED = "dismissed", _("Dismissed")

    class Reason(models.TextChoices):
        NOT_RELEVANT = "not-relevant", _("Not relevant")
        TOO_EARLY = "too-early", _("Too early")
        WRONG_FIELD = "wrong-field", _("Wrong field")
        ALREADY_KNOWN = "already-known", _("Already known")

    match = models.ForeignKey(
        Match, verbose_name=_("match"), on_delete=models.CASCADE, related_name="feedback"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="match_feedback",
    )
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    created_at = models.DateTimeField(_("given"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("match feedback")
        verbose_name_plural = _("match feedback")
        constraints = [
            models.UniqueConstraint(fields=["match", "user"], name="match_feedback_once"),
            models.CheckConstraint(
                condition=Q(verdict="useful", reason="") | (Q(verdict="dismissed") & ~Q(reason="")),
                name="match_dismissal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.match} · {self.verdict}"
