"""Moderators' decisions on listings; the generic queue calls these through the registry."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from achievements.models import Achievement, AchievementRevision, Patent
from achievements.services.permissions import require_listing
from achievements.values import apply_material_values, patent_from_values
from matching import engine as match_engine
from moderation import notify, registry
from moderation.services import require_moderator
from moderation.workflow import require_reason, transition
from portal import search

S = Achievement.Status
R = AchievementRevision.Status


def _submitted_revision(achievement: Achievement) -> AchievementRevision | None:
    if achievement.status != S.PUBLISHED:
        return None
    return achievement.revisions.filter(status=R.SUBMITTED).first()


def _notify(achievement: Achievement, decision: str, reason: str, *, revision: bool) -> None:
    notify.decision(
        registry.get("achievement"),
        target=achievement,
        decision=decision,
        reason=reason,
        about_revision=revision,
    )


def achievement_approve(*, actor: User, target: Achievement, reason: str) -> Achievement:
    """Publish a submitted listing, or apply the reviewed revision of a published one."""
    require_moderator(actor)
    reason = require_reason(reason)
    achievement = Achievement.objects.get(pk=target.pk)
    revision = _submitted_revision(achievement)
    done = revision is None and achievement.status == S.PUBLISHED
    if not require_listing(actor, achievement, "moderate", already_done=done):
        return achievement
    if revision is not None:
        return _apply_revision(actor, achievement, revision, reason)

    def publish(listing: Achievement) -> None:
        now = timezone.now()
        listing.published_at = listing.published_at or now
        listing.confirmed_current_at = now
        listing.freshness_reminded_at = None

    return transition(
        achievement,
        actor=actor,
        action="approve",
        allowed_from=[S.SUBMITTED],
        to_state=S.PUBLISHED,
        reason=reason,
        update=publish,
        on_change=lambda listing: _notify(listing, "approved", reason, revision=False),
    )


def _apply_revision(
    actor: User, achievement: Achievement, revision: AchievementRevision, reason: str
) -> Achievement:
    with transaction.atomic():
        revision = AchievementRevision.objects.select_for_update().get(pk=revision.pk)
        if revision.status != R.SUBMITTED:
            return achievement  # applied by a concurrent or earlier call
        achievement = Achievement.objects.select_for_update().get(pk=achievement.pk)
        apply_material_values(achievement, revision.data)
        achievement.confirmed_current_at = timezone.now()
        achievement.full_clean()
        achievement.save()
        if "patents" in revision.data:
            achievement.patents.all().delete()
            Patent.objects.bulk_create(
                patent_from_values(achievement, values) for values in revision.data["patents"]
            )
        transition(
            revision,
            actor=actor,
            action="revision_approve",
            allowed_from=[R.SUBMITTED],
            to_state=R.APPLIED,
            reason=reason,
            audit_target=achievement,
            on_change=lambda _r: _notify(achievement, "approved", reason, revision=True),
        )
        search.index_objects(Achievement, [achievement.pk])  # the reviewed text goes live
        match_engine.schedule_if_matchable(achievement)
    return achievement


def _send_back(
    actor: User,
    target: Achievement,
    reason: str,
    *,
    action: str,
    listing_state: str,
    revision_state: str,
) -> Achievement:
    """Request changes or reject: on the pending revision if there is one, else on the listing.

    A refused revision leaves the live version as it is.
    """
    require_moderator(actor)
    reason = require_reason(reason)
    achievement = Achievement.objects.get(pk=target.pk)
    revision = _submitted_revision(achievement)
    done = revision is None and achievement.status == listing_state
    if not require_listing(actor, achievement, "moderate", already_done=done):
        return achievement
    if revision is not None:
        transition(
            revision,
            actor=actor,
            action=f"revision_{action}",
            allowed_from=[R.SUBMITTED],
            to_state=revision_state,
            reason=reason,
            audit_target=achievement,
            on_change=lambda _r: _notify(achievement, listing_state, reason, revision=True),
        )
        return achievement
    return transition(
        achievement,
        actor=actor,
        action=action,
        allowed_from=[S.SUBMITTED],
        to_state=listing_state,
        reason=reason,
        on_change=lambda listing: _notify(listing, listing_state, reason, revision=False),
    )


def achievement_request_changes(*, actor: User, target: Achievement, reason: str) -> Achievement:
    return _send_back(
        actor,
        target,
        reason,
        action="request_changes",
        listing_state=S.CHANGES_REQUESTED.value,
        revision_state=R.CHANGES_REQUESTED,
    )


def achievement_reject(*, actor: User, target: Achievement, reason: str) -> Achievement:
    """Reject a submitted listing; for a revision, reject the changes and keep the live version."""
    return _send_back(
        actor,
        target,
        reason,
        action="reject",
        listing_state=S.REJECTED.value,
        revision_state=R.REJECTED,
    )


def achievement_take_down(*, actor: User, target: Achievement, reason: str) -> Achievement:
    """A moderator removes a listing from public view (an upheld abuse report)."""
    require_moderator(actor)
    reason = require_reason(reason)
    achievement = Achievement.objects.get(pk=target.pk)
    if not require_listing(
        actor, achievement, "archive", already_done=achievement.status == S.ARCHIVED
    ):
        return achievement
    return transition(
        achievement,
        actor=actor,
        action="take_down",
        allowed_from=[S.PUBLISHED],
        to_state=S.ARCHIVED,
        reason=reason,
        on_change=lambda listing: _notify(listing, "taken_down", reason, revision=False),
    )
