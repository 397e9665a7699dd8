"""A match never outlives what it points at: once its listing is withdrawn, the match leaves
every list, panel, page and API answer of everyone but the admins. Also: nobody but its two
sides ever sees a match at all."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.services import api_token_create
from achievements.services import achievement_withdraw
from matching.tests import matches_world
from tests.permissions.table import ROLES
from tests.permissions.world import build_world

pytestmark = pytest.mark.django_db


def surfaces(world, match) -> dict[str, str]:
    """Every place a match can show up: the lists, the panels and its own page and object."""
    return {
        "my matches": reverse("match-list") + "?dismissed=",
        "match page": reverse("match-detail", args=[match.pk]),
        "need page": reverse("need-detail", args=[match.need_id]),
        "listing page": reverse("achievement-detail", args=[match.achievement_id]),
        "api list": "/api/v1/matches/",
        "api detail": f"/api/v1/matches/{match.pk}/",
    }


def seen_by(world, role: str, match) -> set[str]:
    user = world.user(role)
    page, api = Client(), APIClient()
    if user is not None:
        page.force_login(user)
        _token, key = api_token_create(user=user, name="leak test")
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    found = set()
    for name, url in surfaces(world, match).items():
        client = api if url.startswith("/api/") else page
        response = client.get(url)
        body = response.content.decode()
        if response.status_code == 200 and (
            f'data-match="{match.pk}"' in body or f'/api/v1/matches/{match.pk}/"' in body
        ):
            found.add(name)
    return found


def test_a_match_whose_listing_was_withdrawn_disappears_from_everyones_lists(request):
    world = build_world(request)
    tto_a = world.user("tto_a")
    assert tto_a is not None
    built = matches_world.build(world.enterprise, world.university_a, tto_a)
    match = built.need_listing

    before = {role: seen_by(world, role, match) for role in ROLES}
    assert before["enterprise_member"] == {
        "my matches",
        "match page",
        "need page",
        "api list",
        "api detail",
    }
    assert before["tto_a"] == {"my matches", "match page", "listing page", "api list", "api detail"}
    for outsider in ("anonymous", "researcher_a", "tto_b", "expert", "moderator"):
        assert before[outsider] == set(), outsider

    achievement_withdraw(actor=tto_a, achievement=built.listing, reason="Licensed elsewhere.")

    after = {role: seen_by(world, role, match) for role in ROLES}
    for role in ROLES:
        if role != "admin":
            assert after[role] == set(), (role, after[role])
    assert {"match page", "api list", "api detail"} <= after["admin"]
