"""Rate limits per identity: an API token, else a signed-in user, else the client's IP address.

Rates come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] ("anon", "user", "export"), read on
every request so tests and settings overrides take effect. A refused request gets 429 with a
Retry-After header (DRF's exception handler adds it).
"""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class IdentityRateThrottle(SimpleRateThrottle):
    """The general API limit: the "user" rate per token or user, the "anon" rate per IP."""

    def get_rate(self) -> str | None:
        return None  # decided per request, in allow_request

    def rate_for(self, scope: str) -> str | None:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(scope)
        return str(rate) if rate is not None else None

    def identity(self, request: Request) -> tuple[str, str]:
        """("user", token or user id) for authenticated callers, else ("anon", IP address).

        The IP address is REMOTE_ADDR, or the entry NUM_PROXIES from the end of
        X-Forwarded-For when the portal runs behind that many trusted proxies.
        """
        if request.user and request.user.is_authenticated:
            token_id = getattr(request.auth, "pk", None)
            if token_id is not None:
                return "user", f"token:{token_id}"
            return "user", f"user:{request.user.pk}"
        return "anon", f"ip:{self.get_ident(request)}"

    def allow_request(self, request: Request, view: Any) -> bool:
        kind, key = self.identity(request)
        self.scope = self.scope_for(kind)
        self.rate = self.rate_for(self.scope)
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.key = f"throttle:{self.scope}:{key}"
        return super().allow_request(request, view)

    def scope_for(self, kind: str) -> str:
        return kind

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        return self.key


class ExportRateThrottle(IdentityRateThrottle):
    """Full exports are heavy: their own, lower limit ("export"), per the same identities."""

    def scope_for(self, kind: str) -> str:
        return f"export-{kind}"
