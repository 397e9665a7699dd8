"""Invitations: a manager's emailed, signed, expiring link; accepting creates the membership."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import links
from accounts.models import Invitation, Membership, Organization, User
from accounts.roles import forget_roles
from accounts.services.memberships import check_role
from accounts.services.organizations import names_in_language, require
from accounts.services.users import check_email
from portal.audit import record
from portal.mail import queue_email


@transaction.atomic
def invitation_send(
    *, actor: User, organization: Organization, email: str, role: str
) -> Invitation:
    require(
        Organization.objects.restrict(actor, "manage_members").filter(pk=organization.pk).exists()
    )
    email = check_email(email, field="email")
    check_role(organization, role, joining=False)
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
            **names_in_language(
                language, organization=organization, role=invitation.get_role_display()
            ),
        },
    )
    return invitation


@transaction.atomic
def invitation_withdraw(*, actor: User, invitation: Invitation) -> Invitation:
    require(Invitation.objects.restrict(actor, "withdraw").filter(pk=invitation.pk).exists())
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
