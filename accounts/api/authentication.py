"""`Authorization: Token <key>` (or `Bearer <key>`) for the API, with personal API tokens."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from accounts.models import ApiToken, User
from accounts.services.tokens import api_token_touch, find_api_token

KEYWORDS = ("token", "bearer")


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower().decode("latin-1") not in KEYWORDS:
            return None  # not ours: another scheme, or no header at all
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as one word: “Authorization: Token <key>”.")
            )
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            key = ""
        token = find_api_token(key)
        if token is None or not token.user.is_active or not token.user.email_verified:
            # One message for every failure: it must not help anyone guess keys.
            raise exceptions.AuthenticationFailed(_("This token is not valid or has been revoked."))
        api_token_touch(token=token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Token realm="api"'  # makes DRF answer 401, not 403, to a missing token


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Describes the token scheme in /api/v1/schema/ (defined here so it loads with the class)."""

    target_class = "accounts.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: object) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Token <key> (or Bearer <key>): a personal API token.",
        }
