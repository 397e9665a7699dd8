"""The grammar of every visibility and edit rule: grants of an action, per model, as data.

Each model's queryset declares a table {action: [Grant, ...]}. A grant says which rows (a
condition on the row, typically its state) are open to which users (a function of the user
returning a row condition, or None when the user holds no such role). `restrict()` ORs the
grants the user holds. Admins hold every grant, so they may do anything a state allows, but
nothing the state forbids (no one submits a published listing). An action a model does not
declare raises UnknownAction rather than silently returning everything.

docs/permissions.md is the same tables in prose; tests/permissions/ checks both agree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models
from django.db.models import Q

from accounts.roles import (
    AnyUser,
    is_admin,
    is_moderator,
    managed_organization_ids,
    organization_ids,
    tto_organization_ids,
)

Who = Callable[[AnyUser], Q | None]
QuerySetT = TypeVar("QuerySetT", bound=models.QuerySet[Any])


class UnknownAction(ValueError):
    """An action the model's permission table does not know: a programming error, not a 403."""


@dataclass(frozen=True)
class Grant:
    who: Who
    # Which rows, e.g. in_states("draft"); Q() = every row. A callable is evaluated per query,
    # for conditions that need a model the querysets module cannot import (a subquery).
    rows: Q | Callable[[], Q] = field(default_factory=Q)

    def row_condition(self) -> Q:
        return self.rows() if callable(self.rows) else self.rows


def in_states(*states: str, state_field: str = "status") -> Q:
    return Q(**{f"{state_field}__in": list(states)})


def restrict(
    queryset: QuerySetT,
    user: AnyUser,
    table: Mapping[str, Sequence[Grant]],
    action: str,
) -> QuerySetT:
    try:
        grants = table[action]
    except KeyError:
        known = ", ".join(sorted(table))
        raise UnknownAction(
            f"{queryset.model.__name__} has no action {action!r} ({known})"
        ) from None
    admin = is_admin(user)
    rule: Q | None = None
    for grant in grants:
        who = Q() if admin else grant.who(user)
        if who is None:
            continue
        condition = who & grant.row_condition()
        if not condition:
            # An empty Q matches every row, but Q() | X would quietly collapse to X.
            return queryset.all()
        rule = condition if rule is None else rule | condition
    return queryset.none() if rule is None else queryset.filter(rule)


# --- Who: the roles a grant can name ------------------------------------------------------------


def everyone(user: AnyUser) -> Q:
    return Q()


def nobody(user: AnyUser) -> None:
    """Admins only (they hold every grant)."""
    return None


def signed_in(user: AnyUser) -> Q | None:
    return Q() if user.is_authenticated else None


def moderators(user: AnyUser) -> Q | None:
    return Q() if is_moderator(user) else None


def _in(ids: frozenset[int], path: str) -> Q | None:
    return Q(**{f"{path}__in": sorted(ids)}) if ids else None


def tto_of(path: str) -> Who:
    """TTO officers and managers of the organisation the row belongs to (through `path`)."""
    return lambda user: _in(tto_organization_ids(user), path)


def members_of(path: str) -> Who:
    """Active members, any role, of the organisation the row belongs to."""
    return lambda user: _in(organization_ids(user), path)


def managers_of(path: str) -> Who:
    return lambda user: _in(managed_organization_ids(user), path)


def moderators_outside(path: str) -> Who:
    """Moderators, except for rows of their own organisations: no one reviews their own work."""

    def who(user: AnyUser) -> Q | None:
        if not is_moderator(user):
            return None
        own = organization_ids(user)
        return ~Q(**{f"{path}__in": sorted(own)}) if own else Q()

    return who


def the_user(path: str) -> Who:
    """The user the row names through `path` (its owner, submitter, member...)."""
    return lambda user: Q(**{path: user.pk}) if user.is_authenticated else None


def object_for(queryset: Any, user: AnyUser, action: str, pk: object) -> Any:
    """The object a request acts on: 404 if the user may not view it, 403 if they may view it
    but not do `action` to it. Existence is never confirmed to someone who may not see it.

    `queryset` must have restrict() (every permission-bearing queryset here does).
    """
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    visible = queryset.restrict(user, "view")
    found = visible.filter(pk=pk).first()
    if found is None:
        raise Http404
    if action != "view" and not queryset.restrict(user, action).filter(pk=pk).exists():
        raise PermissionDenied
    return found
