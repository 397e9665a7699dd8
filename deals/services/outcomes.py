"""Outcomes: the TTO records the deals made on its listings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from accounts.roles import is_admin, tto_organization_ids
from achievements.models import Achievement
from deals.models import Outcome
from deals.querysets import deal_listings
from deals.services.guards import require
from deals.text import clean_text
from moderation.workflow import require_reason, transition
from portal import audit


@dataclass(frozen=True)
class OutcomeData:
    kind: str
    signed_on: dt.date
    counterparty_organization: Organization | None = None
    counterparty_name: str = ""
    value: Decimal | None = None
    currency: str = "CNY"
    show_on_listing: bool = False
    note: str = ""


def _apply(outcome: Outcome, data: OutcomeData) -> None:
    for item in fields(data):
        value = getattr(data, item.name)
        setattr(outcome, item.name, clean_text(value) if isinstance(value, str) else value)
    errors: dict[str, list[str]] = {}
    if outcome.counterparty_organization is None and not outcome.counterparty_name:
        errors["counterparty_name"] = [
            _("Name the counterparty, or choose it among the registered organisations.")
        ]
    if data.signed_on > timezone.localdate():
        errors["signed_on"] = [_("An outcome is recorded once signed: choose a past day.")]
    if errors:
        raise ValidationError(errors)
    outcome.full_clean()


def _is_tto(actor: User, achievement: Achievement) -> bool:
    return achievement.institution_id in tto_organization_ids(actor) or is_admin(actor)


def outcome_record(*, actor: User, achievement: Achievement, data: OutcomeData) -> Outcome:
    """Record a deal on a listing (published or archived)."""
    require(
        deal_listings,
        actor,
        "record_outcome",
        achievement,
        holds_role=_is_tto(actor, achievement),
        refusal=_("Only the listing's technology-transfer office can record its outcomes."),
        state=achievement.get_status_display(),
    )
    outcome = Outcome(achievement=achievement, recorded_by=actor)
    _apply(outcome, data)
    with transaction.atomic():
        outcome.save()
        audit.record(actor=actor, target=outcome, action="record_outcome", to_state=outcome.status)
    return outcome


def outcome_update(*, actor: User, outcome: Outcome, data: OutcomeData) -> Outcome:
    """Correct a recorded outcome, or choose whether the listing shows it."""
    outcome.refresh_from_db()
    require(
        Outcome.objects,
        actor,
        "edit",
        outcome,
        holds_role=_is_tto(actor, outcome.achievement),
        refusal=_("Only the listing's technology-transfer office can change its outcomes."),
        state=outcome.get_status_display(),
    )
    _apply(outcome, data)
    with transaction.atomic():
        outcome.save()
        audit.record(
            actor=actor,
            target=outcome,
            action="edit_outcome",
            from_state=outcome.status,
            to_state=outcome.status,
        )
    return outcome


def outcome_withdraw(*, actor: User, outcome: Outcome, reason: str) -> Outcome:
    """The deal fell through or was recorded by mistake; the record stays, marked withdrawn."""
    outcome.refresh_from_db()
    if not require(
        Outcome.objects,
        actor,
        "withdraw",
        outcome,
        holds_role=_is_tto(actor, outcome.achievement),
        refusal=_("Only the listing's technology-transfer office can change its outcomes."),
        state=outcome.get_status_display(),
        already_done=outcome.status == Outcome.Status.WITHDRAWN,
    ):
        return outcome
    reason = require_reason(clean_text(reason or ""))

    def keep_reason(o: Outcome) -> None:
        o.withdrawn_reason = reason

    return transition(
        outcome,
        actor=actor,
        action="withdraw_outcome",
        allowed_from=[Outcome.Status.RECORDED],
        to_state=Outcome.Status.WITHDRAWN,
        reason=reason,
        update=keep_reason,
    )
