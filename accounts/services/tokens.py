"""Personal API tokens: created with a name, shown once, stored as a SHA-256, revocable."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ApiToken, User
from accounts.validators import clean_name
from portal.audit import record

KEY_PREFIX = "kq_"
MAX_ACTIVE_TOKENS = 50
# last_used_at is written at most this often per token, so busy clients do not write per call.
TOUCH_INTERVAL = timedelta(minutes=1)


def hash_key(key: str) -> str:
    # The key is 256 random bits: a plain SHA-256 is as good as a slow hash here, and lets the
    # authentication look the token up by an indexed column.
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """The new token and its key; the key exists only in this return value."""
    if ApiToken.objects.filter(user=user).active().count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            {
                "name": _("You have %(count)s active tokens. Revoke one you no longer use first.")
                % {"count": MAX_ACTIVE_TOKENS}
            }
        )
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=clean_name(name), prefix=key[:8], key_hash=hash_key(key))
    token.full_clean()
    token.save()
    record(actor=user, target=token, action="create", to_state="active")
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if not ApiToken.objects.restrict(actor, "revoke").filter(pk=token.pk).exists():
        raise PermissionDenied(_("You may not do this."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(actor=actor, target=token, action="revoke", from_state="active", to_state="revoked")
    return token


def api_token_touch(*, token: ApiToken) -> None:
    """Note the use; a conditional UPDATE, so at most one write per token per minute."""
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - TOUCH_INTERVAL)
    ).update(last_used_at=now)


def find_api_token(key: str) -> ApiToken | None:
    """The active token with this key, with its user; None for anything else."""
    if not key.startswith(KEY_PREFIX) or len(key) > 100:
        return None
    return ApiToken.objects.active().select_related("user").filter(key_hash=hash_key(key)).first()
