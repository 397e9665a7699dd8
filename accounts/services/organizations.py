"""Organisations and memberships: registering, joining, deciding, inviting, verifying."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts import links
from accounts.models import Invitation, Membership, Organization, User
from accounts.roles import forget_roles
from accounts.services.users import check_email
from accounts.validators import clean_name
from portal.audit import record
from portal.mail import queue_email


def _require(allowed: bool) -> None:
    """Services check rights again through the querysets, whatever the view already did."""
    if not allowed:
        raise PermissionDenied(_("You may not do this."))


def _names_for(recipient_language: str, **objects: object) -> dict[str, str]:
    """Names and labels rendered in the recipient's language (an email's context is strings)."""
    with translation.override(recipient_language):
        return {key: str(value) for key, value in objects.items()}


def _unique_slug(name_en: str, name_zh: str) -> str:
    base = slugify(name_en)[:60] or slugify(name_zh, allow_unicode=False)[:60] or "organisation"
    slug, number = base, 1
    while Organization.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def organization_register(
    *,
    user: User,
    kind: str,
    name_zh: str = "",
    name_en: str = "",
    region: str,
    website: str = "",
    description: str = "",
) -> Organization:
    """A new, unverified organisation; the registrant becomes its manager."""
    name_zh, name_en = clean_name(name_zh), clean_name(name_en)
    if not name_zh and not name_en:
        raise ValidationError(
            {"name_zh": _("Give the organisation's name in Chinese, English or both.")}
        )
    same_name = Q()
    if name_zh:
        same_name |= Q(name_zh__iexact=name_zh)
    if name_en:
        same_name |= Q(name_en__iexact=name_en)
    if Organization.objects.filter(same_name).exists():
        raise ValidationError(
            {
                "name_en" if name_en else "name_zh": _(
                    "An organisation with this name is already registered. Ask to join it instead."
                )
            }
        )
    organization = Organization(
        kind=kind,
        name_zh=name_zh,
        name_en=name_en,
        slug=_unique_slug(name_en, name_zh),
        region=region,
        website=website.strip(),
        description=description.strip(),
        verified=False,
    )
    organization.full_clean()
    organization.save()
    membership = Membership(
        user=user,
        organization=organization,
        role=organization.manager_role(),
        status=Membership.Status.ACTIVE,
        decided_at=timezone.now(),
    )
    membership.full_clean()
    membership.save()
    forget_roles(user)
    record(actor=user, target=organization, action="register", to_state="unverified")
    record(actor=user, target=membership, action="register", to_state=membership.status)
    return organization


@transaction.atomic
def organization_verify(*, actor: User, organization: Organization) -> Organization:
    _require(Organization.objects.restrict(actor, "verify").filter(pk=organization.pk).exists())
    organization.verified = True
    organization.verified_at = timezone.now()
    organization.save(update_fields=["verified", "verified_at"])
    record(
        actor=actor,
        target=organization,
        action="verify",
        from_state="unverified",
        to_state="verified",
    )
    return organization


def _check_role(organization: Organization, role: str, *, joining: bool) -> None:
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
                **_names_for(
                    manager.preferred_language,
                    organization=membership.organization,
                    role=membership.get_role_display(),
                ),
            },
        )


@transaction.atomic
def membership_request(*, user: User, organization: Organization, role: str) -> Membership:
    """Ask to join: a pending membership the organisation's managers decide on."""
    _require(Organization.objects.restrict(user, "view").filter(pk=organization.pk).exists())
    _check_role(organization, role, joining=True)
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
            **_names_for(
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
    _check_role(membership.organization, role, joining=False)
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


@transaction.atomic
def invitation_send(
    *, actor: User, organization: Organization, email: str, role: str
) -> Invitation:
    _require(
        Organization.objects.restrict(actor, "manage_members").filter(pk=organization.pk).exists()
    )
    email = check_email(email, field="email")
    _check_role(organization, role, joining=False)
    if Membership.objects.active().filter(organization=organization, user__email=email).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    invitation = Invitation(organization=organization, email=email, role=role, invited_by=actor)
    invitation.full_clean()
    invitation.save()
    record(actor=actor, target=invitation, action="invite", to_state="open", reason=email)
    invitee = User.objects.filter(email=email).first()
    # Someone without an account reads the invitation in the inviter's language.
    language = invitee.preferred_language if invitee else (translation.get_language() or "en")
    token = links.sign("invitation", {"i": invitation.pk, "e": email})
    queue_email(
        to=email,
        language=language,
        template="invitation",
        context={
            "inviter": str(actor),
            "link": links.absolute("invitation-accept", token),
            "days": settings.INVITATION_MAX_AGE_SECONDS // 86400,
            **_names_for(language, organization=organization, role=invitation.get_role_display()),
        },
    )
    return invitation


@transaction.atomic
def invitation_withdraw(*, actor: User, invitation: Invitation) -> Invitation:
    _require(Invitation.objects.restrict(actor, "withdraw").filter(pk=invitation.pk).exists())
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record(
        actor=actor, target=invitation, action="withdraw", from_state="open", to_state="withdrawn"
    )
    return invitation


def invitation_from_token(token: str) -> Invitation:
    """The open invitation a link names, or a LinkError saying why it cannot be used."""
    payload = links.unsign("invitation", token, max_age=settings.INVITATION_MAX_AGE_SECONDS)
    invitation = (
        Invitation.objects.select_related("organization")
        .filter(pk=int(payload.get("i") or 0))
        .first()
    )
    if invitation is None or invitation.email != payload.get("e"):
        raise links.invalid()
    if invitation.revoked_at is not None:
        raise links.LinkError(_("This invitation has been withdrawn."))
    if invitation.accepted_at is not None:
        raise links.used()
    return invitation


@transaction.atomic
def invitation_accept(*, user: User, token: str) -> Membership:
    invitation = invitation_from_token(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:  # a second click that raced the first
        raise links.used()
    if user.email != invitation.email:
        raise links.LinkError(
            _("This invitation was sent to %(email)s. Log in with that address to accept it.")
            % {"email": invitation.email}
        )
    membership = (
        Membership.objects.select_for_update()
        .filter(user=user, organization=invitation.organization_id)
        .first()
    )
    from_state = membership.status if membership is not None else ""
    if membership is None:
        membership = Membership(user=user, organization=invitation.organization)
    if (
        membership.status != Membership.Status.ACTIVE
        or membership.role not in Membership.MANAGER_ROLES
    ):
        membership.role = invitation.role  # an invitation never demotes a manager
    membership.status = Membership.Status.ACTIVE
    membership.decided_at = timezone.now()
    membership.decided_by = invitation.invited_by
    membership.full_clean()
    membership.save()
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    forget_roles(user)
    record(actor=user, target=invitation, action="accept", from_state="open", to_state="accepted")
    record(
        actor=user,
        target=membership,
        action="accept_invitation",
        from_state=from_state,
        to_state="active",
    )
    return membership
