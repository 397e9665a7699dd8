"""Who is reading a listing page, for the view counter: robots out, one key per visitor."""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings
from django.http import HttpRequest

from accounts.throttling import client_address
from achievements.models import Achievement
from deals.services.listing_views import listing_view_record

# Crawlers, link previewers, monitors, scripts and headless browsers name themselves so.
ROBOTS = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|preview|facebookexternalhit|embedly|"
    r"monitor|pingdom|uptime|lighthouse|headless|phantomjs|selenium|playwright|puppeteer|"
    r"^curl/|^wget/|python|java/|go-http-client|okhttp|axios|node-fetch|libwww|httpclient|scrapy",
    re.IGNORECASE,
)


def is_robot(user_agent: str) -> bool:
    """No user agent at all, or one that says it is a program: not a person reading."""
    return not user_agent.strip() or bool(ROBOTS.search(user_agent))


def visitor_key(request: HttpRequest) -> str:
    """The signed-in user; else the session; else a keyed hash of address and browser (so no
    cookie is set and no address is kept just for counting)."""
    if request.user.is_authenticated:
        return f"u{request.user.pk}"
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        return f"s{session.session_key}"
    raw = f"{client_address(request)}|{request.META.get('HTTP_USER_AGENT', '')}"
    digest = hmac.new(settings.SECRET_KEY.encode(), raw.encode(), hashlib.sha256).hexdigest()
    return f"a{digest[:32]}"


def count_listing_view(request: HttpRequest, achievement: Achievement) -> bool:
    """Called by the listing's detail page; True when this view was counted."""
    if request.method != "GET" or is_robot(request.META.get("HTTP_USER_AGENT", "")):
        return False
    return listing_view_record(
        achievement=achievement, visitor=visitor_key(request), viewer=request.user
    )
