"""Writes and state changes of technology needs: one function per change.

Pages, API viewsets and the expiry task call these. Each checks who may act with the grant
table (needs/querysets.py), guards its state (a repeat changes nothing) and goes through
moderation.workflow.transition, which locks the row, validates it, writes the audit row and
puts the need in the right search index. Lifecycle: docs/needs.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from accounts.roles import is_admin, is_moderator, organization_ids
from matching import engine as match_engine
from matching.notifications.services import notify
from matching.notifications.targets import NotificationNotAllowed, payload_for
from matching.notifications.vocabulary import Kind
from moderation import notify as moderation_notify
from moderation import registry
from moderation.services import require_moderator
from moderation.workflow import TransitionNotAllowed, require_reason, transition
from needs.models import Need
from needs.selectors import need_owners
from portal import audit, search
from portal.models import Field

S = Need.Status

# The need's own columns that the form and the API write (fields go separately).
COLUMNS = (
    "title",
    "description",
    "keywords",
    "trl_min",
    "trl_max",
    "budget_negotiable",
    "budget_min",
    "budget_max",
    "currency",
    "deadline",
    "cooperation_modes",
    "region",
)
# What readers rely on: changing one of these on a published need sends it back to review.
MATERIAL_FIELDS = (
    "title",
    "description",
    "budget_negotiable",
    "budget_min",
    "budget_max",
    "currency",
)


def require_need(actor: User, need: Need, action: str, *, already_done: bool = False) -> bool:
    """True: go ahead. False: already done, nothing to do. Raises when refused.

    The wrong person gets PermissionDenied (403); the right person in the wrong state gets
    TransitionNotAllowed (409), naming the state.
    """
    if Need.objects.restrict(actor, action).filter(pk=need.pk).exists():
        return True
    own = need.organization_id in organization_ids(actor)
    if is_admin(actor):
        holds_role = True
    elif action in {"moderate", "take_down"}:
        holds_role = is_moderator(actor) and not own
    else:
        holds_role = own
    if not holds_role:
        if action in {"moderate", "take_down"}:
            raise PermissionDenied(
                _("Only moderators from outside the enterprise can decide on this need.")
            )
        raise PermissionDenied(_("Only members of the enterprise can do this."))
    if already_done:
        return False
    raise TransitionNotAllowed(
        _("This cannot be done while the item is “%(state)s”.")
        % {"state": need.get_status_display()},
        code="transition_not_allowed",
    )


def check_values(need: Need, *, deadline_changed: bool) -> None:
    """Clear messages, naming the field, for what the database would refuse (or should)."""
    errors: dict[str, str] = {}
    if need.trl_min is not None and need.trl_max is not None and need.trl_min > need.trl_max:
        errors["trl_max"] = _("The highest TRL must not be below the lowest one.")
    for name in ("budget_min", "budget_max"):
        value = getattr(need, name)
        if value is not None and value < 0:
            errors[name] = _("A budget cannot be negative.")
    low, high = need.budget_min, need.budget_max
    if low is not None and high is not None and low > high and "budget_min" not in errors:
        errors["budget_max"] = _("The upper budget must not be below the lower one.")
    if deadline_changed:
        try:
            check_deadline(need)
        except ValidationError as error:
            errors["deadline"] = error.message_dict["deadline"][0]
    if errors:
        raise ValidationError(errors)


def check_deadline(need: Need) -> None:
    if need.deadline is not None and need.deadline < timezone.localdate():
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})


def need_save(
    *,
    actor: User,
    need: Need | None = None,
    organization: Organization | None = None,
    values: dict[str, Any],
    fields: list[Field] | None = None,
) -> Need:
    """Create a draft need for an enterprise, or save changes to one.

    Drafts and needs sent back are edited freely. On a published need, a change to the title,
    description or budget sends it back to the moderators (published → submitted, audited):
    readers only ever see reviewed text. Other changes (keywords, fields, TRL, deadline,
    cooperation modes, region) apply at once and are audited as an edit.
    """
    if need is None:
        may_create = Organization.objects.restrict(actor, "create_need")
        if organization is None or not may_create.filter(pk=organization.pk).exists():
            raise PermissionDenied(_("Only members of an enterprise can post its needs."))
        need = Need(organization=organization, created_by=actor, status=S.DRAFT)
    else:
        need = Need.objects.get(pk=need.pk)
        require_need(actor, need, "edit")  # submitted, rejected, closed…: frozen
    before = {name: getattr(need, name) for name in COLUMNS}
    for name, value in values.items():
        if name not in COLUMNS:
            raise ValueError(f"need_save does not write {name!r}")
        setattr(need, name, value)
    check_values(need, deadline_changed=need.deadline != before["deadline"] or need.pk is None)
    changed = [name for name in COLUMNS if getattr(need, name) != before[name]]
    with transaction.atomic():
        need.full_clean()
        created = need.pk is None
        need.save()
        if fields is not None:
            old = set(need.fields.values_list("pk", flat=True)) if not created else set()
            if old != {f.pk for f in fields}:
                changed.append("fields")
            need.fields.set(fields)
        if created:
            audit.record(actor=actor, target=need, action="create", to_state=S.DRAFT)
        elif need.status == S.PUBLISHED and changed:
            if any(name in MATERIAL_FIELDS for name in changed):
                # transition() also moves the row from the public to the private index.
                return transition(
                    need,
                    actor=actor,
                    action="edit_review",
                    allowed_from=[S.PUBLISHED],
                    to_state=S.SUBMITTED,
                    reason=_changed_text(changed),
                )
            else:
                audit.record(
                    actor=actor,
                    target=need,
                    action="edit",
                    from_state=S.PUBLISHED,
                    to_state=S.PUBLISHED,
                    reason=_changed_text(changed),
                )
        search.index_objects(Need, [need.pk])
        if need.status == S.PUBLISHED:  # a live edit: its matches follow the new text
            match_engine.schedule_if_matchable(need)
    return need


def _changed_text(names: list[str]) -> str:
    labels = [str(getattr(Need._meta.get_field(name), "verbose_name", name)) for name in names]
    return _("Changed: %(fields)s") % {"fields": ", ".join(labels)}


def need_submit(*, actor: User, need: Need) -> Need:
    """Send a draft (or a need sent back) to the moderators."""
    need = Need.objects.get(pk=need.pk)
    if not require_need(actor, need, "submit", already_done=need.status == S.SUBMITTED):
        return need
    check_deadline(need)
    return transition(
        need,
        actor=actor,
        action="submit",
        allowed_from=[S.DRAFT, S.CHANGES_REQUESTED],
        to_state=S.SUBMITTED,
    )


def need_withdraw(*, actor: User, need: Need, reason: str = "") -> Need:
    """Take a need out of the queue (or out of "changes requested") back to draft."""
    need = Need.objects.get(pk=need.pk)
    if not require_need(actor, need, "withdraw", already_done=need.status == S.DRAFT):
        return need
    return transition(
        need,
        actor=actor,
        action="withdraw_to_draft",
        allowed_from=[S.SUBMITTED, S.CHANGES_REQUESTED],
        to_state=S.DRAFT,
        reason=reason,
    )


def need_close(*, actor: User, need: Need, reason: str = "") -> Need:
    """The enterprise no longer looks for this (published → closed)."""
    need = Need.objects.get(pk=need.pk)
    if not require_need(actor, need, "close", already_done=need.status == S.CLOSED):
        return need
    return transition(
        need,
        actor=actor,
        action="close",
        allowed_from=[S.PUBLISHED],
        to_state=S.CLOSED,
        reason=reason,
    )


def need_mark_fulfilled(*, actor: User, need: Need, reason: str = "") -> Need:
    """The enterprise found what it needed (published → fulfilled)."""
    need = Need.objects.get(pk=need.pk)
    if not require_need(actor, need, "close", already_done=need.status == S.FULFILLED):
        return need
    return transition(
        need,
        actor=actor,
        action="fulfil",
        allowed_from=[S.PUBLISHED],
        to_state=S.FULFILLED,
        reason=reason,
    )


# --- Moderators' decisions (called by the shared queue through moderation/registry.py) -------


def _decided(need: Need, decision: str, reason: str) -> None:
    moderation_notify.decision(registry.get("need"), target=need, decision=decision, reason=reason)


def _decide(
    actor: User, target: Need, reason: str, *, action: str, grant: str, to_state: str, told: str
) -> Need:
    require_moderator(actor)
    reason = require_reason(reason)
    need = Need.objects.get(pk=target.pk)
    if not require_need(actor, need, grant, already_done=need.status == to_state):
        return need
    allowed = [S.PUBLISHED] if grant == "take_down" else [S.SUBMITTED]

    def publish(published: Need) -> None:
        published.published_at = published.published_at or timezone.now()

    return transition(
        need,
        actor=actor,
        action=action,
        allowed_from=allowed,
        to_state=to_state,
        reason=reason,
        update=publish if to_state == S.PUBLISHED else None,
        on_change=lambda changed: _decided(changed, told, reason),
    )


def need_approve(*, actor: User, target: Need, reason: str) -> Need:
    return _decide(
        actor,
        target,
        reason,
        action="approve",
        grant="moderate",
        to_state=S.PUBLISHED,
        told="approved",
    )


def need_request_changes(*, actor: User, target: Need, reason: str) -> Need:
    return _decide(
        actor,
        target,
        reason,
        action="request_changes",
        grant="moderate",
        to_state=S.CHANGES_REQUESTED,
        told="changes_requested",
    )


def need_reject(*, actor: User, target: Need, reason: str) -> Need:
    return _decide(
        actor,
        target,
        reason,
        action="reject",
        grant="moderate",
        to_state=S.REJECTED,
        told="rejected",
    )


def need_take_down(*, actor: User, target: Need, reason: str) -> Need:
    """An upheld abuse report: the need is closed, with the moderator's reason."""
    return _decide(
        actor,
        target,
        reason,
        action="take_down",
        grant="take_down",
        to_state=S.CLOSED,
        told="taken_down",
    )


# --- Expiry (the system, from the periodic task) -------------------------------------------


def need_expire(*, need: Need, today: dt.date | None = None) -> bool:
    """Expire one published need whose deadline has passed; True if this call expired it.

    Checked again under the row lock, so an owner who just moved the deadline or closed the
    need wins, and a second run (or a second worker) changes nothing.
    """
    today = today or timezone.localdate()
    expired = False

    def tell_owners(changed: Need) -> None:
        nonlocal expired
        expired = True
        payload = {
            **payload_for(changed),
            "item": "need",
            "event": "need_expired",
            "deadline": changed.deadline.isoformat() if changed.deadline else "",
        }
        for owner in need_owners(changed):
            try:
                notify(
                    recipient=owner,
                    kind=Kind.REMINDER,
                    reason="need:expired",  # a need expires once: expired is final
                    target=changed,
                    payload=payload,
                )
            except NotificationNotAllowed:
                continue

    with transaction.atomic():
        locked = Need.objects.select_for_update().get(pk=need.pk)
        if not Need.objects.filter(pk=locked.pk).past_deadline(today).exists():
            return False
        transition(
            locked,
            actor=None,
            action="expire",
            allowed_from=[S.PUBLISHED],
            to_state=S.EXPIRED,
            reason=_("The deadline (%(date)s) has passed.")
            % {"date": locked.deadline.isoformat() if locked.deadline else ""},
            on_change=tell_owners,
        )
    return expired


def needs_expire_due(*, today: dt.date | None = None) -> int:
    """Expire every published need past its deadline; returns how many this run expired."""
    today = today or timezone.localdate()
    due = Need.objects.past_deadline(today).order_by("pk").values_list("pk", flat=True)
    return sum(need_expire(need=Need(pk=pk), today=today) for pk in list(due))
