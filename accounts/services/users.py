"""Accounts: sign-up and email confirmation, profile, change of email, deletion."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import links
from accounts.models import Membership, User
from accounts.validators import clean_name
from portal.audit import record
from portal.mail import queue_email


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def check_email(email: str, *, field: str) -> str:
    email = normalize_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {field: _("Enter a valid email address, like name@example.org.")}
        ) from None
    if len(email) > 254:
        raise ValidationError({field: _("An email address can be at most 254 characters long.")})
    return email


def send_confirmation(user: User) -> None:
    token = links.sign("confirm-email", {"u": user.pk, "e": user.email})
    queue_email(
        to=user.email,
        language=user.preferred_language,
        template="confirm_email",
        context={
            "name": str(user),
            "link": links.absolute("confirm-email", token),
            "hours": settings.ACCOUNT_LINK_MAX_AGE_SECONDS // 3600,
        },
    )


@transaction.atomic
def user_sign_up(
    *, email: str, password: str, display_name: str = "", preferred_language: str
) -> User:
    """A new, unconfirmed account, and a confirmation link sent to its address.

    Signing up with an address that already has an account does not say so on the page (that
    would tell anyone which addresses are registered): the address gets a new confirmation
    link if it is unconfirmed, else a note that it already has an account.
    """
    email = check_email(email, field="email")
    existing = User.objects.filter(email=email).first()
    if existing is not None:
        if not existing.email_verified:
            send_confirmation(existing)
        else:
            queue_email(
                to=existing.email,
                language=existing.preferred_language,
                template="signup_existing",
                context={
                    "name": str(existing),
                    "login_link": settings.SITE_URL + "/accounts/login/",
                },
            )
        return existing
    user = User(
        email=email,
        display_name=clean_name(display_name),
        preferred_language=preferred_language,
        email_verified_at=None,
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    user.full_clean()
    user.save()
    record(actor=user, target=user, action="sign_up", to_state="unconfirmed")
    send_confirmation(user)
    return user


def user_resend_confirmation(*, email: str) -> None:
    """Send a new link if this address has an unconfirmed account; say nothing either way."""
    user = User.objects.filter(email=normalize_email(email), email_verified_at__isnull=True).first()
    if user is not None and user.is_active:
        send_confirmation(user)


@transaction.atomic
def user_confirm_email(*, token: str) -> User:
    payload = links.unsign("confirm-email", token, max_age=settings.ACCOUNT_LINK_MAX_AGE_SECONDS)
    user = User.objects.select_for_update().filter(pk=int(payload.get("u") or 0)).first()
    if user is None or user.email != payload.get("e"):
        raise links.used()
    if user.email_verified:
        raise links.LinkError(_("Your email address is already confirmed. You can log in."))
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified_at"])
    record(
        actor=user, target=user, action="confirm_email", from_state="unconfirmed", to_state="active"
    )
    return user


def user_update_profile(*, user: User, display_name: str, preferred_language: str) -> User:
    user.display_name = clean_name(display_name)
    user.preferred_language = preferred_language
    user.full_clean()
    user.save(update_fields=["display_name", "preferred_language"])
    return user


@transaction.atomic
def user_request_email_change(*, user: User, new_email: str) -> User:
    """Keep the new address pending and send it a link; the current one stays until then."""
    new_email = check_email(new_email, field="new_email")
    if new_email == user.email:
        raise ValidationError({"new_email": _("This is already your email address.")})
    if User.objects.filter(email=new_email).exclude(pk=user.pk).exists():
        raise ValidationError({"new_email": _("Another account already uses this address.")})
    user.pending_email = new_email
    user.full_clean()
    user.save(update_fields=["pending_email"])
    record(actor=user, target=user, action="request_email_change", reason=new_email)
    token = links.sign("change-email", {"u": user.pk, "old": user.email, "new": new_email})
    queue_email(
        to=new_email,
        language=user.preferred_language,
        template="change_email",
        context={
            "name": str(user),
            "old_email": user.email,
            "new_email": new_email,
            "link": links.absolute("confirm-email-change", token),
            "hours": settings.ACCOUNT_LINK_MAX_AGE_SECONDS // 3600,
        },
    )
    return user


@transaction.atomic
def user_confirm_email_change(*, token: str) -> User:
    payload = links.unsign("change-email", token, max_age=settings.ACCOUNT_LINK_MAX_AGE_SECONDS)
    user = User.objects.select_for_update().filter(pk=int(payload.get("u") or 0)).first()
    if user is None or user.email != payload.get("old") or user.pending_email != payload.get("new"):
        raise links.used()
    if User.objects.filter(email=user.pending_email).exclude(pk=user.pk).exists():
        raise links.LinkError(_("Another account has started using this address in the meantime."))
    old_email, user.email = user.email, user.pending_email
    user.pending_email = ""
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email", "pending_email", "email_verified_at"])
    record(
        actor=user, target=user, action="change_email", from_state=old_email, to_state=user.email
    )
    # The old address is told, so a hijacked session cannot move an account away silently.
    queue_email(
        to=old_email,
        language=user.preferred_language,
        template="email_changed",
        context={"name": str(user), "old_email": old_email, "new_email": user.email},
    )
    return user


def sole_managed_organizations(user: User) -> list[str]:
    """Organisations that would be left with members but no manager if this user went."""
    names = []
    for membership in (
        Membership.objects.active()
        .filter(user=user, role__in=Membership.MANAGER_ROLES)
        .select_related("organization")
    ):
        others = Membership.objects.active().filter(organization=membership.organization_id)
        others = others.exclude(user=user)
        if others.exists() and not others.filter(role__in=Membership.MANAGER_ROLES).exists():
            names.append(membership.organization.name)
    return names


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Delete the account. What belongs to institutions stays, without the person's name.

    Memberships and API tokens go with the account (cascade). Listings they created keep
    existing with created_by empty, disclosures they submitted stay with the institution with
    the submitter empty (both SET_NULL). An expert profile they kept themselves goes; one kept
    by a TTO stays, unlinked.
    """
    blocked = sole_managed_organizations(user)
    if blocked:
        raise PermissionDenied(
            _(
                "You are the only manager of %(names)s. Make another member a manager first, "
                "so the organisation is not left without one."
            )
            % {"names": "、".join(blocked)}
        )
    from experts.models import Expert

    record(
        actor=None, target=user, action="delete_account", from_state="active", to_state="deleted"
    )
    Expert.objects.filter(user=user, managed_by__isnull=True).delete()
    user.delete()
