"""Writes of the expert pool: profiles, and the assessments a TTO asks experts for.

Profiles: `expert_save` creates or edits one (the expert's own, or one kept by a TTO for an
expert without a login), `expert_deactivate` takes it out of the pool. Every write re-indexes
the profile for search.

Assessments: `assessment_request` (the listing's TTO asks experts), `assessment_submit` and
`assessment_decline` (the expert, or the TTO for an expert without a login),
`assessment_publish` (the TTO shows a submitted assessment on the listing, or takes it off).
Each checks who may act with restrict(actor, action) and writes an audit row.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from accounts.roles import is_admin, tto_organization_ids
from experts.models import Assessment, Expert
from experts.querysets import assessable_listings
from matching import engine as match_engine
from moderation.workflow import TransitionNotAllowed, transition
from portal import audit, search
from portal.models import Field

# The profile's own columns a form, the API or an import writes (fields go separately).
PROFILE_COLUMNS = (
    "name_zh",
    "name_en",
    "title",
    "organization",
    "keywords",
    "bio",
    "publications",
    "patents",
    "languages",
    "available_for_consulting",
    "available_for_evaluation",
    "available_for_mentoring",
    "visibility",
    "is_active",
)
ASSESSMENT_COLUMNS = (
    "trl",
    "maturity_notes",
    "market_potential",
    "risks",
    "recommendation",
    "text",
)


def expert_save(
    *,
    actor: User,
    expert: Expert | None = None,
    kept_by: Organization | None = None,
    values: dict[str, Any],
    fields: list[Field] | None = None,
) -> Expert:
    """Create a profile — the actor's own, or (kept_by) one their TTO keeps — or edit one."""
    if expert is None:
        if kept_by is not None:
            may_keep = Organization.objects.restrict(actor, "keep_expert_profile")
            if not may_keep.filter(pk=kept_by.pk).exists():
                raise PermissionDenied(_("Only a TTO officer of the organisation can do this."))
            expert = Expert(managed_by=kept_by, organization=kept_by)
        else:
            if Expert.objects.filter(user=actor).exists():
                raise ValidationError({"user": _("You already have an expert profile.")})
            expert = Expert(user=actor)
    else:
        if not Expert.objects.editable_by(actor).filter(pk=expert.pk).exists():
            raise PermissionDenied(_("Only the expert or the TTO keeping the profile can edit it."))
        expert = Expert.objects.get(pk=expert.pk)
    unknown = set(values) - set(PROFILE_COLUMNS)
    if unknown:
        raise ValueError(f"not profile columns: {sorted(unknown)}")
    with transaction.atomic():
        created = expert.pk is None
        for name, value in values.items():
            setattr(expert, name, value)
        expert.full_clean(exclude=["user"] if created else None)
        expert.save()
        if fields is not None:
            expert.fields.set(fields)
        if created:
            audit.record(actor=actor, target=expert, action="create")
        search.index_objects(Expert, [expert.pk])
        match_engine.schedule_if_matchable(expert)
    return expert


def expert_deactivate(*, actor: User, expert: Expert, reason: str = "") -> Expert:
    """Unlist a profile; it stays visible to whoever keeps it. A repeat is a no-op."""
    if not Expert.objects.editable_by(actor).filter(pk=expert.pk).exists():
        raise PermissionDenied(_("Only the expert or the TTO keeping the profile can do this."))
    with transaction.atomic():
        locked = Expert.objects.select_for_update().get(pk=expert.pk)
        if locked.is_active:
            locked.is_active = False
            locked.save(update_fields=["is_active", "updated_at"])
            audit.record(
                actor=actor,
                target=locked,
                action="deactivate",
                from_state="listed",
                to_state="unlisted",
                reason=reason,
            )
            search.index_objects(Expert, [locked.pk])
            match_engine.schedule_if_matchable(locked)  # its matches go
    return locked


# --- Assessments -------------------------------------------------------------------------------


def assessment_request(
    *, actor: User, achievement: Any, experts: Iterable[Expert]
) -> list[Assessment]:
    """Ask experts (available for evaluation) to assess a listing of the actor's institution.

    Asking an expert again returns the first request. Experts with a login are told.
    """
    if (
        not assessable_listings.restrict(actor, "request_assessment")
        .filter(pk=achievement.pk)
        .exists()
    ):
        if is_admin(actor) or achievement.institution_id in tto_organization_ids(actor):
            raise TransitionNotAllowed(
                _("This cannot be done while the item is “%(state)s”.")
                % {"state": achievement.get_status_display()},
                code="transition_not_allowed",
            )
        raise PermissionDenied(_("Only the listing's technology-transfer office can do this."))
    chosen = list(experts)
    if not chosen:
        raise ValidationError({"experts": _("Choose at least one expert.")})
    askable = Expert.objects.visible_to(actor).filter(is_active=True, available_for_evaluation=True)
    allowed = set(askable.filter(pk__in=[e.pk for e in chosen]).values_list("pk", flat=True))
    refused = [e for e in chosen if e.pk not in allowed]
    if refused:
        raise ValidationError(
            {"experts": _("%(name)s is not available for evaluation.") % {"name": refused[0].name}}
        )
    requests = []
    with transaction.atomic():
        for expert in chosen:
            assessment, created = Assessment.objects.get_or_create(
                achievement=achievement, expert=expert, defaults={"requested_by": actor}
            )
            if created:
                audit.record(actor=actor, target=assessment, action="request", to_state="requested")
                _tell_expert(assessment)
            requests.append(assessment)
    return requests


def _tell_expert(assessment: Assessment) -> None:
    from matching.notifications.services import notify

    expert_user = assessment.expert.user
    if expert_user is None:
        return  # kept by a TTO: the TTO records the assessment
    listing = assessment.achievement
    notify(
        recipient=expert_user,
        kind="assessment",
        reason="assessment-request",
        target=assessment,
        payload={
            "title_zh": listing.title_zh,
            "title_en": listing.title_en,
            "url": assessment.get_absolute_url(),
        },
    )


def _require(actor: User, assessment: Assessment, action: str) -> None:
    """Refuse the wrong person (403); the right person in the wrong state is told by transition."""
    if Assessment.objects.restrict(actor, action).filter(pk=assessment.pk).exists():
        return
    is_listing_tto = is_admin(actor) or (
        assessment.achievement.institution_id in tto_organization_ids(actor)
    )
    if action == "answer":
        if assessment.expert.user_id is not None:
            holds = assessment.expert.user_id == actor.pk or is_admin(actor)
        else:
            holds = is_listing_tto
    else:
        holds = is_listing_tto
    if not holds:
        raise PermissionDenied(_("Only the expert asked, or the listing's TTO, can do this."))


def assessment_submit(*, actor: User, assessment: Assessment, values: dict[str, Any]) -> Assessment:
    """requested → submitted, with its content (a TRL and a recommendation at least)."""
    _require(actor, assessment, "answer")
    unknown = set(values) - set(ASSESSMENT_COLUMNS)
    if unknown:
        raise ValueError(f"not assessment columns: {sorted(unknown)}")
    if assessment.status == Assessment.Status.REQUESTED:
        missing = {
            name: _("This field is required.")
            for name in ("trl", "recommendation")
            if values.get(name) in (None, "")
        }
        if missing:
            raise ValidationError(missing)

    def fill(locked: Assessment) -> None:
        for name, value in values.items():
            setattr(locked, name, value)
        locked.submitted_at = timezone.now()
        locked.submitted_by = actor

    return transition(
        assessment,
        actor=actor,
        action="submit",
        allowed_from=[Assessment.Status.REQUESTED],
        to_state=Assessment.Status.SUBMITTED,
        update=fill,
    )


def assessment_decline(*, actor: User, assessment: Assessment, reason: str = "") -> Assessment:
    """requested → declined (the expert cannot or will not assess it)."""
    _require(actor, assessment, "answer")
    return transition(
        assessment,
        actor=actor,
        action="decline",
        allowed_from=[Assessment.Status.REQUESTED],
        to_state=Assessment.Status.DECLINED,
        reason=reason,
    )


def assessment_publish(
    *, actor: User, assessment: Assessment, published: bool = True
) -> Assessment:
    """Show a submitted assessment on the listing's page (published=False: take it off)."""
    _require(actor, assessment, "publish")
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.status != Assessment.Status.SUBMITTED:
            raise TransitionNotAllowed(
                _("This cannot be done while the item is “%(state)s”.")
                % {"state": locked.get_status_display()},
                code="transition_not_allowed",
            )
        if locked.published == published:
            return locked  # already so: a repeat changes nothing
        locked.published = published
        locked.published_at = timezone.now() if published else None
        locked.save(update_fields=["published", "published_at", "updated_at"])
        audit.record(
            actor=actor,
            target=locked,
            action="publish" if published else "unpublish",
            from_state="unpublished" if published else "published",
            to_state="published" if published else "unpublished",
        )
    return locked
