"""Email-and-password authentication that refuses accounts whose address is unconfirmed."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend


class VerifiedEmailBackend(ModelBackend):
    """ModelBackend, plus: no login (form, token endpoint, admin) before the email is confirmed."""

    def user_can_authenticate(self, user: Any) -> bool:
        return super().user_can_authenticate(user) and getattr(user, "email_verified", False)
