"""Service-side guards: the same querysets that decide visibility decide who may act."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.models import User
from achievements.models import Achievement, Disclosure


def require_listing_editor(actor: User, achievement: Achievement) -> None:
    if not Achievement.objects.editable_by(actor).filter(pk=achievement.pk).exists():
        raise PermissionDenied(_("Only the listing's technology-transfer office can do this."))


def require_disclosure_author(actor: User, disclosure: Disclosure) -> None:
    if not Disclosure.objects.editable_by(actor).filter(pk=disclosure.pk).exists():
        raise PermissionDenied(_("Only the submitter can change a draft disclosure."))


def require_disclosure_reviewer(actor: User, disclosure: Disclosure) -> None:
    if not Disclosure.objects.reviewable_by(actor).filter(pk=disclosure.pk).exists():
        raise PermissionDenied(_("Only the institution's technology-transfer office can do this."))
