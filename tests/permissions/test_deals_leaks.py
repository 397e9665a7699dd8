"""Deals never leak: a thread's words, a request's purpose, a deal's counterparty and value, and
the funnel's figures reach only those the matrix lets see them — on no page, list, count, API
answer or inbox of anyone else.

One world with every kind of private deals object, each carrying a recognisable marker; then,
for every role, every surface is fetched and searched for the markers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.services import api_token_create
from achievements.tests.factories import AchievementFactory
from deals.models import ListingViewDay
from deals.services import (
    OutcomeData,
    access_request_create,
    inquiry_create,
    inquiry_reply,
    outcome_record,
)
from tests.permissions.table import ROLES
from tests.permissions.world import build_world

pytestmark = pytest.mark.django_db

PARTIES = {"tto_a", "manager_a", "enterprise_member", "admin"}  # of the thread and the request
TTO = {"tto_a", "manager_a", "admin"}  # of the listing's institution

MARKERS = {
    "leak-inquiry-subject": PARTIES,
    "leak-message-body": PARTIES,
    "leak-tto-answer": PARTIES,
    "leak-request-purpose": PARTIES,
    "leak-deal-counterparty": TTO,
    "7654321": TTO,  # the deal's value
    "4242": TTO,  # the listing's page views
}


@dataclass(frozen=True)
class Surface:
    name: str
    fetch: Callable[[Client, APIClient], str]


def _page(path: str) -> Callable[[Client, APIClient], str]:
    return lambda page, api: page.get(path).content.decode()


def _api(path: str) -> Callable[[Client, APIClient], str]:
    def fetch(page: Client, api: APIClient) -> str:
        response: Any = api.get(path)
        if response.streaming:
            return b"".join(response.streaming_content).decode()
        return response.content.decode()

    return fetch


@pytest.fixture
def deals_world(request):
    world = build_world(request)
    member, tto = world.users["enterprise_member"], world.users["tto_a"]
    assert member is not None
    assert tto is not None
    listing = AchievementFactory.create(
        institution=world.university_a, title_en="A listing with deals"
    )
    inquiry = inquiry_create(
        actor=member,
        achievement=listing,
        subject="leak-inquiry-subject",
        body="leak-message-body",
        organization=world.enterprise,
    )
    inquiry_reply(actor=tto, inquiry=inquiry, body="leak-tto-answer")
    access_request_create(actor=member, achievement=listing, purpose="leak-request-purpose")
    outcome_record(
        actor=tto,
        achievement=listing,
        data=OutcomeData(
            kind="exclusive-licence",
            signed_on=timezone.localdate(),
            counterparty_name="leak-deal-counterparty",
            value=Decimal(7654321),
            show_on_listing=True,
        ),
    )
    ListingViewDay.objects.create(achievement=listing, day=timezone.localdate(), views=4242)
    return world, listing, inquiry


def surfaces(world, listing, inquiry) -> list[Surface]:
    a = world.university_a.pk
    return [
        Surface("home", _page("/")),
        Surface("dashboard", _page("/dashboard/")),
        Surface("listing page", _page(f"/achievements/{listing.pk}/")),
        Surface("catalogue", _page("/achievements/")),
        Surface("inquiry inbox", _page("/deals/inquiries/")),
        Surface("inquiry thread", _page(f"/deals/inquiries/{inquiry.pk}/")),
        Surface("document requests", _page("/deals/documents/")),
        Surface("funnel", _page(f"/deals/funnel/?institution={a}")),
        Surface("listing funnel", _page(f"/deals/listings/{listing.pk}/funnel/")),
        Surface("outcomes", _page(f"/deals/listings/{listing.pk}/outcomes/")),
        Surface("notifications", _page("/notifications/")),
        Surface("api inquiries", _api("/api/v1/inquiries/")),
        Surface("api inquiry", _api(f"/api/v1/inquiries/{inquiry.pk}/")),
        Surface("api access requests", _api("/api/v1/access-requests/")),
        Surface("api institution funnel", _api(f"/api/v1/funnel/institutions/{a}/")),
        Surface("api listing funnel", _api(f"/api/v1/funnel/listings/{listing.pk}/")),
        Surface("api listing", _api(f"/api/v1/achievements/{listing.pk}/")),
        Surface("api listings", _api("/api/v1/achievements/")),
        Surface("open data", _api("/api/v1/export/achievements.jsonl")),
    ]


def clients(world, role) -> tuple[Client, APIClient]:
    user = world.user(role)
    page, api = Client(), APIClient()
    if user is not None:
        page.force_login(user)
        _token, key = api_token_create(user=user, name="leak test")
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return page, api


def test_no_surface_shows_a_deals_secret_to_anyone_the_matrix_does_not_allow(deals_world):
    world, listing, inquiry = deals_world
    problems = []
    for role in ROLES:
        page, api = clients(world, role)
        for surface in surfaces(world, listing, inquiry):
            text = surface.fetch(page, api)
            for marker, allowed in MARKERS.items():
                if marker in text and role not in allowed:
                    problems.append(f"{surface.name} shows {role} {marker}")
    assert problems == []


def test_the_parties_do_find_their_secrets_where_they_belong(deals_world):
    world, listing, inquiry = deals_world
    page, _api_client = clients(world, "enterprise_member")
    thread = page.get(f"/deals/inquiries/{inquiry.pk}/").content.decode()
    assert "leak-message-body" in thread
    assert "leak-tto-answer" in thread
    page, _api_client = clients(world, "tto_a")
    assert "4242" in page.get(f"/deals/listings/{listing.pk}/funnel/").content.decode()
    assert (
        "leak-deal-counterparty"
        in page.get(f"/deals/listings/{listing.pk}/outcomes/").content.decode()
    )


def test_the_public_sees_that_the_listing_was_licensed_and_nothing_more(deals_world, client):
    _world, listing, _inquiry = deals_world
    html = client.get(f"/achievements/{listing.pk}/").content.decode()
    assert 'data-testid="outcome-badge"' in html
    assert "Licensed" in html
