"""Signed one-click unsubscribe links (RFC 8058): per kind of notification, or all of them.

The token is the user's id and the kind (or "all"), signed with SECRET_KEY under a salt of its
own. It needs no login: holding the link is the permission, as with every unsubscribe link.
It does not expire, because people unsubscribe from old emails too; rotating SECRET_KEY
(without SECRET_KEY_FALLBACKS) invalidates every link sent before.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

from accounts.models import User
from matching.notifications.preferences import email_opt_out_set, unsubscribe_from_kind
from matching.notifications.vocabulary import Kind

SALT = "matching.notifications.unsubscribe"
ALL = "all"


@dataclass(frozen=True)
class Unsubscription:
    """What a valid link asks for: no more email about kind, or (kind None) about anything."""

    user: User
    kind: Kind | None


def unsubscribe_token(*, user_id: int, kind: str | None) -> str:
    # Signer, not signing.dumps(): no timestamp, so an email sent again carries the same link.
    return signing.Signer(salt=SALT).sign_object([user_id, str(Kind(kind)) if kind else ALL])


def unsubscribe_url(*, user_id: int, kind: str | None) -> str:
    token = unsubscribe_token(user_id=user_id, kind=kind)
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[token])


def read_unsubscribe_token(token: str) -> Unsubscription:
    """The request behind a token; signing.BadSignature for anything forged or altered."""
    value = signing.Signer(salt=SALT).unsign_object(token)
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int)):
        raise signing.BadSignature("unexpected unsubscribe token content")
    user_id, kind = value
    if kind != ALL and kind not in Kind.values:
        raise signing.BadSignature("unknown notification kind")
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise signing.BadSignature("no such user")
    return Unsubscription(user=user, kind=None if kind == ALL else Kind(kind))


def unsubscribe(unsubscription: Unsubscription) -> None:
    """Apply it; doing so twice is harmless."""
    if unsubscription.kind is None:
        email_opt_out_set(user=unsubscription.user, opted_out=True)
    else:
        unsubscribe_from_kind(user=unsubscription.user, kind=unsubscription.kind)
