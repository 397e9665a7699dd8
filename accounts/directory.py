"""The public directory of organisations: which organisations a user may see.

Organisation profiles (name, kind, region, website) are public for every verified organisation
and for any organisation that has a published achievement or need, so a listing never links to a
profile its reader cannot open. Members see their own organisation; moderators and admins see
all of them.

This is the `visible_to` rule the API, the HTML pages and the open-data export share. It lives
in its own queryset class (used explicitly, not as Organization's default manager) so that it
can later move into accounts' own OrganizationQuerySet without touching its callers' logic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Exists, OuterRef, Q

from accounts.roles import AnyUser, is_admin, is_moderator, organization_ids

if TYPE_CHECKING:
    from accounts.models import Organization  # noqa: F401


class OrganizationDirectoryQuerySet(models.QuerySet["Organization"]):
    def visible_to(self, user: AnyUser) -> OrganizationDirectoryQuerySet:
        if is_admin(user) or is_moderator(user):
            return self.all()
        from achievements.models import Achievement
        from needs.models import Need

        rule = (
            Q(verified=True)
            | Exists(Achievement.objects.filter(institution=OuterRef("pk"), status="published"))
            | Exists(Need.objects.filter(organization=OuterRef("pk"), status="published"))
        )
        if user.is_authenticated:
            rule |= Q(pk__in=organization_ids(user))
        return self.filter(rule)


def organization_directory() -> OrganizationDirectoryQuerySet:
    from accounts.models import Organization

    return OrganizationDirectoryQuerySet(Organization)
