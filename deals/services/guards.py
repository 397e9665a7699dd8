"""Service-side guards: the grant tables that decide visibility decide who may act.

`require` answers "may this actor do this to this row now". When the table says no, it tells a
refusal (the wrong person: PermissionDenied, a 403) from a wrong state (the right person, but
not now: TransitionNotAllowed, naming the state) and from a retry of something already done.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _

from accounts.roles import AnyUser
from moderation.workflow import TransitionNotAllowed


class Restrictable(Protocol):
    def restrict(self, user: AnyUser, action: str) -> models.QuerySet[Any]: ...


def state_error(label: str) -> TransitionNotAllowed:
    return TransitionNotAllowed(
        _("This cannot be done while the item is “%(state)s”.") % {"state": label},
        code="transition_not_allowed",
    )


def require(
    rows: Restrictable,
    actor: AnyUser,
    action: str,
    target: models.Model,
    *,
    holds_role: bool,
    refusal: str,
    state: str,
    already_done: bool = False,
) -> bool:
    """True: go ahead. False: already done, nothing to do. Raises when refused.

    holds_role: whether the actor is the kind of person who may do this at all (a party, the
    TTO); refusal: what to tell them when not; state: the current state's label, for the
    message when the state is the obstacle.
    """
    if rows.restrict(actor, action).filter(pk=target.pk).exists():
        return True
    if not holds_role:
        raise PermissionDenied(refusal)
    if already_done:
        return False
    raise state_error(state)
