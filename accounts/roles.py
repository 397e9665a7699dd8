"""Who a user is to an organisation. The visibility querysets are built on these answers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Union

from django.contrib.auth.models import AnonymousUser

if TYPE_CHECKING:  # accounts.models imports the querysets built on this module
    from accounts.models import User

# Union, not "|": the User half is a string forward reference (see TYPE_CHECKING above).
AnyUser = Union["User", AnonymousUser]

# Role names, repeated from Membership.Role so this module needs no model at import time.
TTO_ROLES = frozenset({"tto_officer", "tto_manager"})
MANAGER_ROLES = frozenset({"tto_manager", "manager"})


def organization_ids(user: AnyUser, roles: Iterable[str] | None = None) -> frozenset[int]:
    """Ids of the organisations where the user holds an active membership (in one of roles)."""
    if not user.is_authenticated:
        return frozenset()
    # Cached on the user object: one query per request however many querysets ask.
    cache: dict[frozenset[str] | None, frozenset[int]] = user.__dict__.setdefault(
        "_organization_ids", {}
    )
    key = frozenset(roles) if roles is not None else None
    if key not in cache:
        from accounts.models import Membership

        memberships = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)
        if key is not None:
            memberships = memberships.filter(role__in=key)
        cache[key] = frozenset(memberships.values_list("organization_id", flat=True))
    return cache[key]


def tto_organization_ids(user: AnyUser) -> frozenset[int]:
    """Institutions whose technology-transfer office the user works in."""
    return organization_ids(user, TTO_ROLES)


def managed_organization_ids(user: AnyUser) -> frozenset[int]:
    """Organisations the user manages (tto_manager or manager): members, invitations, profile."""
    return organization_ids(user, MANAGER_ROLES)


def forget_roles(user: AnyUser) -> None:
    """Drop the per-request cache after a membership of this user changed."""
    user.__dict__.pop("_organization_ids", None)


def is_moderator(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_moderator)


def is_admin(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_superuser)
