"""Reads for saved searches: a person's own, nobody else's (staff included)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone

from accounts.permissions import UnknownAction
from accounts.roles import AnyUser

if TYPE_CHECKING:  # the model imports this queryset; the reverse is for typing only
    from matching.saved_searches.models import SavedSearch  # noqa: F401

# Every action on a saved search belongs to its owner alone. Admins included: a search says
# what someone is looking for, and the admin site is the place for support work.
SAVED_SEARCH_ACTIONS = ("view", "edit", "delete")


class SavedSearchQuerySet(models.QuerySet["SavedSearch"]):
    def restrict(self, user: AnyUser, action: str) -> SavedSearchQuerySet:
        if action not in SAVED_SEARCH_ACTIONS:
            raise UnknownAction(
                f"SavedSearch has no action {action!r} ({', '.join(SAVED_SEARCH_ACTIONS)})"
            )
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user.pk)

    def visible_to(self, user: AnyUser) -> SavedSearchQuerySet:
        return self.restrict(user, "view")

    def editable_by(self, user: AnyUser) -> SavedSearchQuerySet:
        return self.restrict(user, "edit")

    def due(self) -> SavedSearchQuerySet:
        """Searches whose next check has come, of active people, not paused."""
        return self.filter(next_run_at__lte=timezone.now(), owner__is_active=True).exclude(
            frequency="paused"
        )
