"""Memberships: asking to join, managers deciding, changing roles, leaving and removing."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Organization, User
from accounts.services.organizations import names_in_language, require
from portal.audit import record
from portal.mail import queue_email


def check_role(organization: Organization, role: str, *, joining: bool) -> None:
    allowed = organization.allowed_roles()
    if joining:  # becoming a manager takes a manager's decision, not a request
        allowed = [choice for choice in allowed if choice not in Membership.MANAGER_ROLES]
    if role not in allowed:
        labels = "、".join(str(Membership.Role(choice).label) for choice in allowed)
        raise ValidationError(
            {
                "role": _("Choose one of the roles of this organisation: %(roles)s.")
                % {"roles": labels}
            }
        )


def _tell_managers(membership: Membership) -> None:
    managers = User.objects.filter(
        memberships__organization=membership.organization_id,
        memberships__status=Membership.Status.ACTIVE,
        memberships__role__in=Membership.MANAGER_ROLES,
        is_active=True,
    )
    link = settings.SITE_URL + reverse("organization-manage", args=[membership.organization_id])
    for manager in managers:
        queue_email(
            to=manager.email,
            language=manager.preferred_language,
            template="membership_requested",
            context={
                "name": str(manager),
                "requester": str(membership.user),
                "requester_email": membership.user.email,
                "link": link,
                **names_in_language(
                    manager.preferred_language,
                    organization=membership.organization,
                    role=membership.get_role_display(),
                ),
            },
        )


@transaction.atomic
def membership_request(*, user: User, organization: Organization, role: str) -> Membership:
    """Ask to join: a pending membership the organisation's managers decide on."""
    require(Organization.objects.restrict(user, "view").filter(pk=organization.pk).exists())
    check_role(organization, role, joining=True)
    membership = (
        Membership.objects.select_for_update().filter(user=user, organization=organization).first()
    )
    if membership is not None and membership.status == Membership.Status.ACTIVE:
        raise ValidationError(_("You are already a member of %(name)s.") % {"name": organization})
    if membership is not None and membership.status == Membership.Status.PENDING:
        raise ValidationError(
            _("You have already asked to join %(name)s. Its managers will decide.")
            % {"name": organization}
        )
    from_state = membership.status if membership is not None else ""
    if membership is None:
        membership = Membership(user=user, organization=organization)
    membership.role = role
    membership.status = Membership.Status.PENDING
    membership.decided_at = None
    membership.decided_by = None
    membership.full_clean()
    membership.save()
    record(
        actor=user, target=membership, action="request", from_state=from_state, to_state="pending"
    )
    _tell_managers(membership)
    return membership


def _locked(actor: User, membership: Membership, action: str) -> Membership:
    locked = (
        Membership.objects.restrict(actor, action)
        .select_for_update()
        .select_related("user", "organization")
        .filter(pk=membership.pk)
        .first()
    )
    if locked is None:
        raise PermissionDenied(_("You may not do this."))
    return locked


def _tell_member(membership: Membership, template: str, reason: str = "") -> None:
    member = membership.user
    queue_email(
        to=member.email,
        language=member.preferred_language,
        template=template,
        context={
            "name": str(member),
            "reason": reason,
            "link": settings.SITE_URL + reverse("dashboard"),
            **names_in_language(
                member.preferred_language,
                organization=membership.organization,
                role=membership.get_role_display(),
            ),
        },
    )


@transaction.atomic
def membership_approve(*, actor: User, membership: Membership) -> Membership:
    membership = _locked(actor, membership, "decide")
    membership.status = Membership.Status.ACTIVE
    membership.decided_at = timezone.now()
    membership.decided_by = actor
    membership.full_clean()
    membership.save()
    record(
        actor=actor, target=membership, action="approve", from_state="pending", to_state="active"
    )
    _tell_member(membership, "membership_approved")
    return membership


@transaction.atomic
def membership_reject(*, actor: User, membership: Membership, reason: str = "") -> Membership:
    membership = _locked(actor, membership, "decide")
    membership.status = Membership.Status.REJECTED
    membership.decided_at = timezone.now()
    membership.decided_by = actor
    membership.save()
    record(
        actor=actor,
        target=membership,
        action="reject",
        from_state="pending",
        to_state="rejected",
        reason=reason,
    )
    _tell_member(membership, "membership_rejected", reason=reason)
    return membership


def _other_managers(membership: Membership) -> bool:
    return (
        Membership.objects.active()
        .filter(organization=membership.organization_id, role__in=Membership.MANAGER_ROLES)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def membership_change_role(*, actor: User, membership: Membership, role: str) -> Membership:
    membership = _locked(actor, membership, "edit")
    check_role(membership.organization, role, joining=False)
    if (
        membership.is_manager
        and role not in Membership.MANAGER_ROLES
        and not _other_managers(membership)
    ):
        raise ValidationError(
            {
                "role": _(
                    "This is the organisation's only manager. Make someone else a manager first."
                )
            }
        )
    from_state, membership.role = membership.role, role
    membership.full_clean()
    membership.save(update_fields=["role"])
    record(
        actor=actor, target=membership, action="change_role", from_state=from_state, to_state=role
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> None:
    """A manager removes a member, or a member leaves (or withdraws a request)."""
    membership = _locked(actor, membership, "remove")
    if (
        membership.status == Membership.Status.ACTIVE
        and membership.is_manager
        and not _other_managers(membership)
        and Membership.objects.active()
        .filter(organization=membership.organization_id)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ValidationError(
            _("This is the organisation's only manager. Make someone else a manager first.")
        )
    record(
        actor=actor,
        target=membership,
        action="leave" if membership.user_id == actor.pk else "remove",
        from_state=membership.status,
        to_state="removed",
    )
    membership.delete()
