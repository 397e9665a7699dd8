"""State changes with a guard, a lock, full_clean and an audit row: one function for all.

Service functions (achievement_approve, disclosure_submit, report_resolve…) describe their
transition and call transition(); it is what makes a retry harmless and a forbidden move loud.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from matching import engine as match_engine
from portal import audit, search

M = TypeVar("M", bound=models.Model)


class TransitionNotAllowed(ValidationError):
    """The object is not in a state from which this action is possible."""


def require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Please give a reason.")})
    return reason


def transition(
    target: M,
    *,
    actor: User | None,
    action: str,
    allowed_from: Iterable[str],
    to_state: str,
    reason: str = "",
    reason_required: bool = False,
    update: Callable[[M], None] | None = None,
    status_field: str = "status",
    audit_target: models.Model | None = None,
    on_change: Callable[[M], None] | None = None,
) -> M:
    """Move target from one of allowed_from to to_state, or do nothing if it is already there.

    Locks the row, applies update() for the other fields this move sets, validates the object,
    saves it and records the audit row, all in one transaction; on_change (say, telling the
    owner) runs only when the state really changed. Returns the fresh object.
    """
    allowed = set(allowed_from)
    if reason_required:
        reason = require_reason(reason)
    with transaction.atomic():
        locked = type(target)._default_manager.select_for_update().get(pk=target.pk)
        current = getattr(locked, status_field)
        if current == to_state and current not in allowed:
            return locked  # already done: a retried request or task changes nothing
        if current not in allowed:
            label = getattr(locked, f"get_{status_field}_display", lambda: current)()
            raise TransitionNotAllowed(
                _("This cannot be done while the item is “%(state)s”.") % {"state": label},
                code="transition_not_allowed",
            )
        setattr(locked, status_field, to_state)
        if update is not None:
            update(locked)
        locked.full_clean()
        locked.save()
        # A state decides which search index holds the row (public, private or none).
        search.index_if_searchable(locked)
        match_engine.schedule_if_matchable(locked)  # after commit: recompute or drop its matches
        audit.record(
            actor=actor,
            target=audit_target if audit_target is not None else locked,
            action=action,
            from_state=current,
            to_state=to_state,
            reason=reason,
        )
        if on_change is not None:
            on_change(locked)
    return locked
