"""Reads for the field taxonomy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from accounts.roles import AnyUser

if TYPE_CHECKING:  # the models import these querysets; the reverse is for typing only
    from portal.models import Field  # noqa: F401


class FieldQuerySet(models.QuerySet["Field"]):
    def visible_to(self, user: AnyUser) -> FieldQuerySet:
        """The taxonomy is public reference data."""
        return self.all()
