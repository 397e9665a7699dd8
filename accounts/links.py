"""Signed, expiring links sent by email: confirming an address, changing it, invitations.

A link carries a small signed payload; nothing is stored for it. What makes a link single-use
is the state it names: a confirmation link names an address that is not confirmed yet, a
change link names the current and the pending address, an invitation names an open invitation.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SALT = "keqiao.accounts.{purpose}"


class LinkError(Exception):
    """A link that cannot be used; the message says why, in words for the person holding it."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


def expired() -> LinkError:
    return LinkError(_("This link has expired. Ask for a new one."))


def invalid() -> LinkError:
    return LinkError(_("This link is not valid. Check that you copied all of it."))


def used() -> LinkError:
    return LinkError(_("This link has already been used or has been replaced by a newer one."))


def sign(purpose: str, payload: dict[str, Any]) -> str:
    return signing.dumps(payload, salt=SALT.format(purpose=purpose), compress=True)


def unsign(purpose: str, token: str, *, max_age: int) -> dict[str, Any]:
    try:
        payload = signing.loads(token, salt=SALT.format(purpose=purpose), max_age=max_age)
    except signing.SignatureExpired:
        raise expired() from None
    except signing.BadSignature:
        raise invalid() from None
    if not isinstance(payload, dict):
        raise invalid()
    return payload


def absolute(view_name: str, token: str) -> str:
    return settings.SITE_URL + reverse(view_name, args=[token])
