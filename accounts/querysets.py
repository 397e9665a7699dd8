"""Who may see and act on organisations, memberships, invitations and API tokens.

The permission tables are the contract written out in docs/permissions.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Exists, OuterRef, Q

from accounts.permissions import (
    Grant,
    everyone,
    managers_of,
    members_of,
    nobody,
    restrict,
    signed_in,
    the_user,
    tto_of,
)
from accounts.roles import AnyUser

if TYPE_CHECKING:  # the models import these querysets; the reverse is for typing only
    from accounts.models import ApiToken, Invitation, Membership, Organization  # noqa: F401

RESEARCH_KINDS = ["university", "research-institute", "hospital"]


def _in_public_directory() -> Q:
    """Verified organisations, and any organisation with a published listing or need: a listing
    must never link to a profile its reader cannot open (nor an export to a missing row)."""
    from achievements.models import Achievement
    from needs.models import Need

    return (
        Q(verified=True)
        | Q(Exists(Achievement.objects.filter(institution=OuterRef("pk"), status="published")))
        | Q(Exists(Need.objects.filter(organization=OuterRef("pk"), status="published")))
    )


ORGANIZATION_GRANTS: dict[str, list[Grant]] = {
    # The public directory; every organisation for signed-in users, who must be able to find an
    # unverified one to ask to join it. The API, the list pages and the exports all use this.
    "view": [Grant(everyone, _in_public_directory), Grant(signed_in)],
    "edit": [Grant(managers_of("pk"))],
    "manage_members": [Grant(managers_of("pk"))],
    "verify": [Grant(nobody, Q(verified=False))],
    # "On behalf of which organisations may this user create ...?" (empty: may not create).
    "create_achievement": [Grant(tto_of("pk"), Q(kind__in=RESEARCH_KINDS))],
    "create_disclosure": [Grant(members_of("pk"), Q(kind__in=RESEARCH_KINDS))],
    "create_need": [Grant(members_of("pk"), Q(kind="enterprise"))],
    "keep_expert_profile": [Grant(tto_of("pk"), Q(kind__in=RESEARCH_KINDS))],
}
ORGANIZATION_GRANTS["export"] = ORGANIZATION_GRANTS["view"]

MEMBERSHIP_GRANTS: dict[str, list[Grant]] = {
    # Who belongs where is not public: the member themself and the organisation's managers.
    "view": [Grant(the_user("user")), Grant(managers_of("organization_id"))],
    "decide": [Grant(managers_of("organization_id"), Q(status="pending"))],
    "edit": [Grant(managers_of("organization_id"), Q(status="active"))],
    "leave": [Grant(the_user("user"), Q(status__in=["active", "pending"]))],
}
# Ending a membership: a manager removing a member, or the member leaving.
MEMBERSHIP_GRANTS["remove"] = [*MEMBERSHIP_GRANTS["edit"], *MEMBERSHIP_GRANTS["leave"]]
MEMBERSHIP_GRANTS["export"] = MEMBERSHIP_GRANTS["view"]

INVITATION_GRANTS: dict[str, list[Grant]] = {
    "view": [Grant(managers_of("organization_id"))],  # the invitee holds the signed link instead
    "withdraw": [
        Grant(managers_of("organization_id"), Q(accepted_at__isnull=True, revoked_at__isnull=True))
    ],
}

API_TOKEN_GRANTS: dict[str, list[Grant]] = {
    "view": [Grant(the_user("user"))],
    "revoke": [Grant(the_user("user"), Q(revoked_at__isnull=True))],
}


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def restrict(self, user: AnyUser, action: str) -> OrganizationQuerySet:
        return restrict(self, user, ORGANIZATION_GRANTS, action)

    def visible_to(self, user: AnyUser) -> OrganizationQuerySet:
        return self.restrict(user, "view")

    def editable_by(self, user: AnyUser) -> OrganizationQuerySet:
        return self.restrict(user, "edit")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(status="active")

    def restrict(self, user: AnyUser, action: str) -> MembershipQuerySet:
        return restrict(self, user, MEMBERSHIP_GRANTS, action)

    def visible_to(self, user: AnyUser) -> MembershipQuerySet:
        return self.restrict(user, "view")

    def editable_by(self, user: AnyUser) -> MembershipQuerySet:
        return self.restrict(user, "edit")


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def open(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)

    def restrict(self, user: AnyUser, action: str) -> InvitationQuerySet:
        return restrict(self, user, INVITATION_GRANTS, action)

    def visible_to(self, user: AnyUser) -> InvitationQuerySet:
        return self.restrict(user, "view")


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)

    def restrict(self, user: AnyUser, action: str) -> ApiTokenQuerySet:
        return restrict(self, user, API_TOKEN_GRANTS, action)

    def visible_to(self, user: AnyUser) -> ApiTokenQuerySet:
        return self.restrict(user, "view")
