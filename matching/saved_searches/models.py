"""A saved search: a name, the search page's query string, how often to look for new results."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matching.saved_searches.querysets import SavedSearchQuerySet


class SavedSearch(models.Model):
    """One person's search, run again as them; new visible results become notifications.

    `results_since` is the watermark: results published after it are new. It only moves when
    a run finishes, so a run that dies is repeated; the notification's unique key (recipient,
    "saved-search:<id>", object) makes the repeat harmless. `next_run_at` says when the search
    is due; a worker claims a due search by moving it forward with a conditional UPDATE.
    """

    class Frequency(models.TextChoices):
        INSTANT = "instant", _("As soon as possible (checked every few minutes)")
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")
        PAUSED = "paused", _("Paused")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="saved_searches",
    )
    name = models.CharField(_("name"), max_length=100)
    # The search page's query string, normalised (portal.search.params): q, type, facets, sort.
    query = models.CharField(_("search"), max_length=1000, blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # When the search (as it is now) was saved: nothing published before is ever new.
    watched_since = models.DateTimeField(_("watched since"), default=timezone.now)
    results_since = models.DateTimeField(_("new results since"), default=timezone.now)
    next_run_at = models.DateTimeField(_("next check"), default=timezone.now)
    last_run_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    claim_token = models.UUIDField(_("claim token"), null=True, blank=True, editable=False)

    objects = SavedSearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_search_name_once"),
        ]
        indexes = [
            # The periodic task's lookup: due searches that are not paused.
            models.Index(
                fields=["next_run_at"],
                condition=~Q(frequency="paused"),
                name="saved_search_due",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("saved-search-edit", args=[self.pk])

    @property
    def search_url(self) -> str:
        from django.urls import reverse

        return f"{reverse('search')}?{self.query}" if self.query else reverse("search")
