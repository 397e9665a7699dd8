"""Organisations: registering one (its registrant manages it) and verifying it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import Membership, Organization, User
from accounts.roles import forget_roles
from accounts.validators import clean_name
from portal.audit import record


def require(allowed: bool) -> None:
    """Services check rights again through the querysets, whatever the view already did."""
    if not allowed:
        raise PermissionDenied(_("You may not do this."))


def names_in_language(recipient_language: str, **objects: object) -> dict[str, str]:
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
    require(Organization.objects.restrict(actor, "verify").filter(pk=organization.pk).exists())
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
