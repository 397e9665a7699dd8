"""Rate limits per identity: an API token, else a signed-in user, else the client's IP address.

Rates come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] ("anon", "user", "export-anon",
"export-user"), read on every request so settings overrides take effect. Counting is a fixed
window: one atomic counter increment per request (DRF's own throttles keep a list of every
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


def count_request(key: str, *, timeout: int) -> int:
    """Adds one to the window's counter and returns it.

    With Redis as the cache: one round trip (SET NX EX, then INCR, in one pipeline). With any
    other cache: add-or-increment through Django's cache API.
    """
    client = getattr(cache, "_cache", None)
    if client is not None and hasattr(client, "get_client"):  # django's RedisCache
        full_key = cache.make_and_validate_key(key)
        pipeline = client.get_client(full_key, write=True).pipeline()
        pipeline.set(full_key, 0, ex=timeout, nx=True)
        pipeline.incr(full_key)
        return int(pipeline.execute()[1])
    try:
        return int(cache.incr(key))
    except ValueError:  # the first request of this window
        return 1 if cache.add(key, 1, timeout=timeout) else int(cache.incr(key))


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
        count = count_request(f"throttle:{scope}:{who}:{window}", timeout=duration + 1)
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
