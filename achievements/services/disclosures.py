"""Invention disclosures: drafting, submitting, the TTO's review, and conversion to a listing."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from achievements.models import (
    Achievement,
    AchievementInventor,
    Disclosure,
    DisclosureInventor,
    PriorDisclosure,
)
from achievements.services.permissions import require_disclosure
from experts.models import Expert
from moderation.workflow import transition
from portal import audit
from portal.mail import queue_email

S = Disclosure.Status
HUNDRED = Decimal(100)
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class InventorData:
    name: str
    share: Decimal
    email: str = ""
    user: User | None = None


@dataclass(frozen=True)
class PriorDisclosureData:
    kind: str
    title: str
    date: Any  # datetime.date
    venue: str = ""


def inventors_from(rows: Iterable[Mapping[str, Any]]) -> list[InventorData]:
    """Inventors as typed in the form or sent to the API (name, email, share); an inventor whose
    email belongs to an active account is linked to it, and so may see the disclosure."""
    rows = list(rows)
    emails = [str(row["email"]).lower() for row in rows if row.get("email")]
    users = {u.email: u for u in User.objects.filter(email__in=emails, is_active=True)}
    return [
        InventorData(
            name=str(row["name"]),
            share=row["share"],
            email=str(row.get("email") or ""),
            user=users.get(str(row.get("email") or "").lower()),
        )
        for row in rows
    ]


def check_inventor_shares(inventors: list[InventorData]) -> None:
    if not inventors:
        raise ValidationError({"inventors": _("Name at least one inventor.")})
    total = sum((inventor.share for inventor in inventors), Decimal(0))
    if total != HUNDRED:
        raise ValidationError(
            {
                "inventors": _(
                    "The inventors' contribution shares add up to %(total)s%%; "
                    "they must add up to exactly 100%%."
                )
                % {"total": f"{total:f}".rstrip("0").rstrip(".")}
            }
        )


def disclosure_save(
    *,
    actor: User,
    disclosure: Disclosure | None = None,
    institution: Organization | None = None,
    values: dict[str, Any],
    inventors: list[InventorData] | None,
    prior_disclosures: list[PriorDisclosureData] | None,
) -> Disclosure:
    """Create a draft disclosure or update one; a draft may be incomplete (shares are checked
    on submit), but every value it holds must be valid. Inventors or prior disclosures given
    as None stay as they are."""
    if disclosure is None:
        may_create = Organization.objects.restrict(actor, "create_disclosure")
        if institution is None or not may_create.filter(pk=institution.pk).exists():
            raise ValidationError({"institution": _("Choose an institution you are a member of.")})
        disclosure = Disclosure(institution=institution, submitter=actor)
    else:
        require_disclosure(actor, disclosure, "edit")
    for name, value in values.items():
        setattr(disclosure, name, value)
    disclosure.full_clean()
    with transaction.atomic():
        created = disclosure.pk is None
        disclosure.save()
        if inventors is not None:
            _replace_inventors(disclosure, inventors)
        if prior_disclosures is not None:
            _replace_prior_disclosures(disclosure, prior_disclosures)
        if created:
            audit.record(actor=actor, target=disclosure, action="create", to_state=S.DRAFT)
    return disclosure


def _replace_inventors(disclosure: Disclosure, inventors: list[InventorData]) -> None:
    disclosure.inventors.all().delete()
    rows = [
        DisclosureInventor(
            disclosure=disclosure,
            user=item.user,
            name=item.name,
            email=item.email,
            share=item.share,
            position=position,
        )
        for position, item in enumerate(inventors)
    ]
    for row in rows:
        row.full_clean()
    DisclosureInventor.objects.bulk_create(rows)


def _replace_prior_disclosures(disclosure: Disclosure, priors: list[PriorDisclosureData]) -> None:
    disclosure.prior_disclosures.all().delete()
    rows = [
        PriorDisclosure(
            disclosure=disclosure,
            kind=item.kind,
            title=item.title,
            venue=item.venue,
            date=item.date,
        )
        for item in priors
    ]
    for row in rows:
        row.full_clean()
    PriorDisclosure.objects.bulk_create(rows)


def disclosure_submit(*, actor: User, disclosure: Disclosure) -> Disclosure:
    disclosure = Disclosure.objects.get(pk=disclosure.pk)
    if not require_disclosure(
        actor, disclosure, "submit", already_done=disclosure.status != S.DRAFT
    ):
        return disclosure  # submitted already: a retry changes nothing
    if disclosure.status == S.DRAFT:
        check_inventor_shares(
            [InventorData(name=i.name, share=i.share) for i in disclosure.inventors.all()]
        )
        if not disclosure.abstract.strip():
            raise ValidationError({"abstract": _("Write a short abstract before submitting.")})

    def stamp(d: Disclosure) -> None:
        d.submitted_at = timezone.now()

    return transition(
        disclosure,
        actor=actor,
        action="submit",
        allowed_from=[S.DRAFT],
        to_state=S.SUBMITTED,
        update=stamp,
    )


def _reviewable(actor: User, disclosure: Disclosure, action: str, *done: str) -> bool:
    disclosure.refresh_from_db()
    return require_disclosure(actor, disclosure, action, already_done=disclosure.status in done)


def disclosure_start_review(*, actor: User, disclosure: Disclosure) -> Disclosure:
    if not _reviewable(
        actor, disclosure, "review", S.UNDER_REVIEW, S.ACCEPTED, S.DECLINED, S.CONVERTED
    ):
        return disclosure
    return transition(
        disclosure,
        actor=actor,
        action="start_review",
        allowed_from=[S.SUBMITTED],
        to_state=S.UNDER_REVIEW,
    )


def disclosure_accept(*, actor: User, disclosure: Disclosure, reason: str = "") -> Disclosure:
    if not _reviewable(actor, disclosure, "review", S.ACCEPTED, S.CONVERTED):
        return disclosure
    return transition(
        disclosure,
        actor=actor,
        action="accept",
        allowed_from=[S.UNDER_REVIEW],
        to_state=S.ACCEPTED,
        reason=reason,
        on_change=lambda d: _tell_submitter(d, "accepted", reason),
    )


def disclosure_decline(*, actor: User, disclosure: Disclosure, reason: str) -> Disclosure:
    if not _reviewable(actor, disclosure, "review", S.DECLINED):
        return disclosure

    def keep_reason(d: Disclosure) -> None:
        d.decline_reason = reason.strip()

    return transition(
        disclosure,
        actor=actor,
        action="decline",
        allowed_from=[S.UNDER_REVIEW],
        to_state=S.DECLINED,
        reason=reason,
        reason_required=True,
        update=keep_reason,
        on_change=lambda d: _tell_submitter(d, "declined", reason),
    )


def disclosure_convert(*, actor: User, disclosure: Disclosure) -> Achievement:
    """Turn an accepted disclosure into a draft listing, prefilled and linked back."""
    disclosure.refresh_from_db()
    require_disclosure(actor, disclosure, "convert", already_done=disclosure.status == S.CONVERTED)
    with transaction.atomic():
        disclosure = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
        existing = Achievement.objects.filter(source_disclosure=disclosure).first()
        if disclosure.status == S.CONVERTED and existing is not None:
            return existing  # converted already: a retry gets the same listing
        chinese = bool(CJK.search(disclosure.title + disclosure.abstract))
        achievement = Achievement(
            institution=disclosure.institution,
            created_by=actor,
            source_disclosure=disclosure,
            status=Achievement.Status.DRAFT,
            development_stage=disclosure.development_stage,
            description=disclosure.description,
            contact_name=str(actor),
            contact_email=actor.email,
            **(
                {"title_zh": disclosure.title[:300], "summary_zh": disclosure.abstract}
                if chinese
                else {"title_en": disclosure.title[:300], "summary_en": disclosure.abstract}
            ),
        )
        transition(
            disclosure,
            actor=actor,
            action="convert",
            allowed_from=[S.ACCEPTED],
            to_state=S.CONVERTED,
        )
        achievement.full_clean()
        achievement.save()
        experts = {
            e.user_id: e
            for e in Expert.objects.filter(
                user_id__in=[i.user_id for i in disclosure.inventors.all() if i.user_id]
            )
        }
        AchievementInventor.objects.bulk_create(
            AchievementInventor(
                achievement=achievement,
                name=inventor.name,
                expert=experts.get(inventor.user_id),
                position=inventor.position,
            )
            for inventor in disclosure.inventors.all()
        )
        audit.record(
            actor=actor,
            target=achievement,
            action="create_from_disclosure",
            to_state=Achievement.Status.DRAFT,
        )
    return achievement


def _tell_submitter(disclosure: Disclosure, decision: str, reason: str) -> None:
    submitter = disclosure.submitter
    if submitter is None:
        return
    queue_email(
        to=submitter.email,
        language=submitter.preferred_language,
        template="disclosure_decision",
        context={"title": disclosure.title, "decision": decision, "reason": reason},
    )
