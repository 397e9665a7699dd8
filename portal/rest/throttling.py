"""Rate limits per identity: an API token, else a signed-in user, else the client's IP address.

Rates come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] ("anon", "user", "export-anon",
"export-user"), read on every request so settings overrides take effect. Counting is a fixed
window: one atomic cache increment per request (DRF's own throttles keep a list of every
request's time and rewrite it each time, which grows with the limit). A refused request gets 429
with Retry-After, the seconds until the window ends (added by the exception handler).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle


class IdentityRateThrottle(BaseThrottle):
    """The general API limit: the "user" rate per token or user, the "anon" rate per IP."""

    scope_prefix = ""
    wait_seconds: float | None = None

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
        kind, who = self.identity(request)
        scope = f"{self.scope_prefix}{kind}"
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(scope)
        if rate is None:
            return True
        limit, duration = self.parse_rate(str(rate))
        now = time.time()
        window = int(now // duration)
        key = f"throttle:{scope}:{who}:{window}"
        try:
            count = cache.incr(key)
        except ValueError:  # the first request of this window
            count = 1 if cache.add(key, 1, timeout=duration + 1) else cache.incr(key)
        if count <= limit:
            return True
        self.wait_seconds = (window + 1) * duration - now
        return False

    @staticmethod
    def parse_rate(rate: str) -> tuple[int, int]:
        """ "120/minute" → (120, 60); DRF's notation (s, m, h, d, and the words)."""
        count, period = rate.split("/")
        return int(count), {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]

    def wait(self) -> float | None:
        return self.wait_seconds


class ExportRateThrottle(IdentityRateThrottle):
    """Full exports are heavy: their own, lower limits ("export-user", "export-anon")."""

    scope_prefix = "export-"
