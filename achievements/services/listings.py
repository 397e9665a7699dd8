"""Listing editor and the owner's side of the lifecycle: save, submit, withdraw, confirm…

A published listing keeps its reviewed material text (title, summary, description, price, IP
and patents) live while an owner's material edit waits in an AchievementRevision; other edits
apply at once.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from accounts.roles import is_admin, is_moderator, tto_organization_ids
from achievements.models import (
    MATERIAL_FIELDS,
    Achievement,
    AchievementInventor,
    AchievementRevision,
    Patent,
)
from achievements.services.moderation import achievement_take_down
from achievements.services.permissions import require_listing
from achievements.values import (
    apply_material_values,
    material_values,
    patent_from_values,
    patent_values,
    sorted_patents,
)
from experts.models import Expert
from matching import engine as match_engine
from moderation.workflow import TransitionNotAllowed, transition
from portal import audit, search
from portal.models import Field

S = Achievement.Status
R = AchievementRevision.Status


@dataclass(frozen=True)
class InventorData:
    name: str
    expert: Expert | None = None


def open_revision(achievement: Achievement) -> AchievementRevision | None:
    return achievement.revisions.filter(status__in=AchievementRevision.OPEN_STATES).first()


def current_patents(achievement: Achievement) -> list[dict[str, str]]:
    return sorted_patents([patent_values(p) for p in achievement.patents.all()])


def check_patents(achievement: Achievement, patents: list[dict[str, str]]) -> None:
    seen: set[tuple[str, str]] = set()
    for values in patents:
        key = (values["jurisdiction"], values["number"])
        if key in seen:
            raise ValidationError(
                {"patents": _("Patent %(number)s is listed twice.") % {"number": values["number"]}}
            )
        seen.add(key)
        patent_from_values(achievement, values).full_clean(exclude=["achievement"])


def achievement_save(
    *,
    actor: User,
    achievement: Achievement | None = None,
    institution: Organization | None = None,
    values: dict[str, Any],
    fields: list[Field] | None = None,
    patents: list[dict[str, str]] | None = None,
    inventors: list[InventorData] | None = None,
) -> Achievement:
    """Create a draft listing, or save the editor's changes to one."""
    if achievement is None:
        may_create = Organization.objects.restrict(actor, "create_achievement")
        if institution is None or not may_create.filter(pk=institution.pk).exists():
            raise PermissionDenied(_("Only a TTO officer of the institution can add listings."))
        achievement = Achievement(institution=institution, created_by=actor, status=S.DRAFT)
    else:
        achievement = Achievement.objects.get(pk=achievement.pk)
        require_listing(actor, achievement, "edit")  # submitted, rejected, archived: frozen
    with transaction.atomic():
        if achievement.pk and achievement.status == S.PUBLISHED:
            _save_published(actor, achievement, values, patents)
        else:
            for name, value in values.items():
                setattr(achievement, name, value)
            achievement.full_clean()
            created = achievement.pk is None
            achievement.save()
            if patents is not None:
                check_patents(achievement, patents)
                _replace_patents(achievement, patents)
            if created:
                audit.record(actor=actor, target=achievement, action="create", to_state=S.DRAFT)
        if fields is not None:
            achievement.fields.set(fields)
        if inventors is not None:
            _replace_inventors(achievement, inventors)
        search.index_objects(Achievement, [achievement.pk])
        if achievement.status == S.PUBLISHED:  # a live edit: its matches follow the new text
            match_engine.schedule_if_matchable(achievement)
    return achievement


def _save_published(
    actor: User,
    achievement: Achievement,
    values: dict[str, Any],
    patents: list[dict[str, str]] | None,
) -> None:
    """Non-material values go live; material ones go to (or update) the open revision.

    The proposal is the open revision (or the live listing) with these values on top, so a
    save that sends only some values (the API's PATCH) keeps the other pending changes.
    """
    live = material_values(achievement, current_patents(achievement))
    revision = open_revision(achievement)
    pending = revision.data if revision is not None else {}
    proposed_listing = copy.copy(achievement)
    apply_material_values(proposed_listing, pending)
    for name, value in values.items():
        setattr(proposed_listing, name, value)
    proposed_listing.full_clean()  # the whole proposal must be valid before it is kept
    if patents is None:
        patents = pending.get("patents", live["patents"])
    proposed = material_values(proposed_listing, sorted_patents(patents))
    check_patents(achievement, patents)
    for name, value in values.items():
        if name not in MATERIAL_FIELDS:
            setattr(achievement, name, value)
    achievement.full_clean()
    achievement.save()
    if proposed == live:
        if revision is not None:  # edited back to what is live: nothing left to review
            revision_discard(actor=actor, achievement=achievement)
        return
    if revision is None:
        revision = AchievementRevision.objects.create(
            achievement=achievement, created_by=actor, data=proposed
        )
        audit.record(
            actor=actor,
            target=achievement,
            action="revision_create",
            to_state=R.PENDING,
        )
        return
    if revision.data == proposed:
        return  # only other values changed: the changes under review stay as they are
    revision.data = proposed
    if revision.status != R.PENDING:
        audit.record(
            actor=actor,
            target=achievement,
            action="revision_edit",
            from_state=revision.status,
            to_state=R.PENDING,
        )
        revision.status = R.PENDING  # edited after being sent: it must be sent again
    revision.save()


def _replace_patents(achievement: Achievement, patents: list[dict[str, str]]) -> None:
    if current_patents(achievement) == sorted_patents(patents):
        return
    achievement.patents.all().delete()
    Patent.objects.bulk_create(patent_from_values(achievement, values) for values in patents)


def _replace_inventors(achievement: Achievement, inventors: list[InventorData]) -> None:
    achievement.inventors.all().delete()
    rows = []
    for position, item in enumerate(inventors):
        expert = item.expert or _unique_expert_named(item.name, achievement)
        rows.append(
            AchievementInventor(
                achievement=achievement, name=item.name, expert=expert, position=position
            )
        )
    for row in rows:
        row.full_clean(exclude=["achievement"])
    AchievementInventor.objects.bulk_create(rows)


def _unique_expert_named(name: str, achievement: Achievement) -> Expert | None:
    """Link an inventor to the expert of that exact name at the same institution, if unique."""
    matches = list(
        Expert.objects.filter(organization_id=achievement.institution_id, is_active=True)
        .filter(name_zh=name)
        .union(
            Expert.objects.filter(
                organization_id=achievement.institution_id, is_active=True, name_en=name
            )
        )[:2]
    )
    return matches[0] if len(matches) == 1 else None


def achievement_submit(*, actor: User, achievement: Achievement) -> Achievement:
    """Send a draft (or a listing sent back) for review; on a published listing, its revision."""
    achievement = Achievement.objects.get(pk=achievement.pk)
    revision = open_revision(achievement)
    if achievement.status == S.PUBLISHED and revision is not None:
        require_listing(actor, achievement, "edit")  # sending one's changes is editing
        transition(
            revision,
            actor=actor,
            action="revision_submit",
            allowed_from=[R.PENDING, R.CHANGES_REQUESTED],
            to_state=R.SUBMITTED,
            update=lambda r: setattr(r, "submitted_at", timezone.now()),
            audit_target=achievement,
        )
        return achievement

    if not require_listing(
        actor, achievement, "submit", already_done=achievement.status == S.SUBMITTED
    ):
        return achievement

    def stamp(listing: Achievement) -> None:
        listing.submitted_at = timezone.now()

    return transition(
        achievement,
        actor=actor,
        action="submit",
        allowed_from=[S.DRAFT, S.CHANGES_REQUESTED],
        to_state=S.SUBMITTED,
        update=stamp,
    )


def achievement_withdraw(*, actor: User, achievement: Achievement, reason: str = "") -> Achievement:
    """The owner takes a listing off the portal for good (→ archived); pending changes go too.

    Possible from draft, changes requested, published and rejected; a listing under review is
    frozen until the moderator has decided. A moderator from outside the institution who
    archives a listing takes it down: a reason is required and the owners are told.
    """
    achievement = Achievement.objects.get(pk=achievement.pk)
    acts_as_owner = is_admin(actor) or achievement.institution_id in tto_organization_ids(actor)
    if not acts_as_owner and is_moderator(actor):
        return achievement_take_down(actor=actor, target=achievement, reason=reason)
    if not require_listing(
        actor, achievement, "archive", already_done=achievement.status == S.ARCHIVED
    ):
        return achievement
    listing = transition(
        achievement,
        actor=actor,
        action="withdraw",
        allowed_from=[S.DRAFT, S.CHANGES_REQUESTED, S.PUBLISHED, S.REJECTED],
        to_state=S.ARCHIVED,
        reason=reason,
    )
    _close_revision(actor, listing, R.DISCARDED)
    return listing


def achievement_confirm_current(*, actor: User, achievement: Achievement) -> Achievement:
    """The owner confirms a published listing is still accurate (resets the freshness clock)."""
    achievement = Achievement.objects.get(pk=achievement.pk)
    require_listing(actor, achievement, "edit")
    if achievement.status != S.PUBLISHED:
        raise TransitionNotAllowed(_("Only a published listing can be confirmed as current."))
    now = timezone.now()
    Achievement.objects.filter(pk=achievement.pk).update(
        confirmed_current_at=now, freshness_reminded_at=None
    )
    audit.record(
        actor=actor,
        target=achievement,
        action="confirm_current",
        from_state=S.PUBLISHED,
        to_state=S.PUBLISHED,
    )
    achievement.confirmed_current_at, achievement.freshness_reminded_at = now, None
    return achievement


def revision_discard(*, actor: User, achievement: Achievement) -> Achievement:
    """Drop the pending material edits of a published listing; the live version stays."""
    require_listing(actor, achievement, "edit")
    _close_revision(actor, achievement, R.DISCARDED)
    return achievement


def _close_revision(
    actor: User | None, achievement: Achievement, status: str, reason: str = ""
) -> None:
    revision = open_revision(achievement)
    if revision is not None:
        transition(
            revision,
            actor=actor,
            action=f"revision_{status}",
            allowed_from=AchievementRevision.OPEN_STATES,
            to_state=status,
            reason=reason,
            audit_target=achievement,
        )
