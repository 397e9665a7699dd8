"""Who a user is to an organisation. The visibility querysets are built on these answers."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser

from accounts.models import Membership, User

AnyUser = User | AnonymousUser


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
        memberships = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)
        if key is not None:
            memberships = memberships.filter(role__in=key)
        cache[key] = frozenset(memberships.values_list("organization_id", flat=True))
    return cache[key]


def tto_organization_ids(user: AnyUser) -> frozenset[int]:
    """Institutions whose technology-transfer office the user works in."""
    return organization_ids(user, Membership.TTO_ROLES)


def is_moderator(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_moderator)


def is_admin(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_superuser)
