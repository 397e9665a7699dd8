"""A fixed-window request limit per client address, kept in the cache (Redis in production).

Used by the login form and the token endpoint (LOGIN_RATE_LIMIT), and by the pages that send
email on request (sign-up, resending a confirmation, password reset), so no one can make the
portal mail-bomb an address.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "60/m" → (60, 60): at most 60 requests per 60 seconds."""
    try:
        count, unit = rate.strip().split("/")
        return int(count), UNITS[unit.strip()[0].lower()]
    except (ValueError, KeyError, IndexError):
        raise ImproperlyConfigured(
            f"A rate must look like 60/m (per s, m, h or d), not {rate!r}"
        ) from None


def client_address(request: HttpRequest) -> str:
    # Behind a proxy, the proxy must set REMOTE_ADDR (gunicorn --forwarded-allow-ips does).
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def over_limit(request: HttpRequest, *, scope: str, rate: str | None = None) -> bool:
    """Count this request; True when the address has used up its allowance for the window."""
    limit, window = parse_rate(rate or settings.LOGIN_RATE_LIMIT)
    bucket = int(time.time() // window)
    key = f"throttle:{scope}:{client_address(request)}:{bucket}"
    # add() then incr() is atomic on Redis and locmem; the key dies with its window.
    cache.add(key, 0, timeout=window + 1)
    try:
        used = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window + 1)
        used = 1
    return used > limit


def retry_after(rate: str | None = None) -> int:
    _limit, window = parse_rate(rate or settings.LOGIN_RATE_LIMIT)
    return window - int(time.time()) % window
