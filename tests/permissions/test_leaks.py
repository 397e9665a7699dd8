"""A private object never leaks through lists, counts and anything else that aggregates.

One object per state of each model is created with a recognisable title. Then, for every role:
- querysets: visible_to(user).count() is exactly the number of states the matrix lets it view;
- every registered leak surface (the home page's counts and lists and the dashboard today;
  search results, facets and exports register here as they arrive) shows no title the role
  may not view, and its counts are what the role may view.

To add a surface: append a Leak to LEAKS with how to fetch its text (and, optionally, how to
read the number it shows for a model).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from accounts.roles import forget_roles
from achievements.models import Achievement, Disclosure
from needs.models import Need
from tests.permissions.table import ROLES, may
from tests.permissions.world import World, build_world, make

pytestmark = pytest.mark.django_db

PRIVATE_MODELS: dict[str, Any] = {
    "achievement": Achievement,
    "disclosure": Disclosure,
    "need": Need,
}


@dataclass(frozen=True)
class Leak:
    name: str
    fetch: Callable[[Client], str]
    # model → how to read the count this surface shows for it, and which states it counts.
    counts: dict[str, tuple[Callable[[str], int], set[str]]] = field(default_factory=dict)


def _home_count(name: str) -> Callable[[str], int]:
    def read(html: str) -> int:
        found = re.search(rf'data-count="{name}">(\d+)<', html)
        assert found, f"no {name} count on the page"
        return int(found.group(1))

    return read


LEAKS: list[Leak] = [
    Leak(
        "home page",
        lambda client: client.get("/").content.decode(),
        counts={
            "achievement": (_home_count("achievements"), {"published"}),
            "need": (_home_count("needs"), {"published"}),
        },
    ),
    Leak("dashboard", lambda client: client.get("/dashboard/").content.decode()),
]


def title_of(obj: Any) -> str:
    return obj.title_en if isinstance(obj, Achievement) else obj.title


@pytest.fixture
def world_with_every_state(request: pytest.FixtureRequest) -> tuple[World, dict[str, list[Any]]]:
    world = build_world(request)
    objects: dict[str, list[Any]] = {}
    for name, model in PRIVATE_MODELS.items():
        objects[name] = []
        for state, _label in model.Status.choices:
            obj = make(world, name, state)
            # Unique, searchable titles: "leak-achievement-draft-…"
            marker = f"leak-{name}-{state}-marker"
            if isinstance(obj, Achievement):
                obj.title_en = marker
            else:
                obj.title = marker
            obj.save()
            objects[name].append(obj)
    return world, objects


def test_visible_to_counts_are_exactly_the_states_the_matrix_lets_each_role_view(
    world_with_every_state,
):
    world, objects = world_with_every_state
    problems = []
    for role in ROLES:
        user = world.user(role) or AnonymousUser()
        if user.is_authenticated:
            forget_roles(user)
        for name, model in PRIVATE_MODELS.items():
            expected = sum(may(name, obj.status, "view", role) for obj in objects[name])
            got = model.objects.visible_to(user).count()
            if got != expected:
                problems.append(f"{role} sees {got} {name}s, the matrix says {expected}")
    assert problems == []


@pytest.mark.parametrize("leak", LEAKS, ids=lambda leak: leak.name)
def test_no_surface_shows_a_title_or_counts_an_object_its_reader_may_not_view(
    world_with_every_state, client_for, leak
):
    world, objects = world_with_every_state
    problems = []
    for role in ROLES:
        html = leak.fetch(client_for(world.user(role)))
        for name, items in objects.items():
            for obj in items:
                if title_of(obj) in html and not may(name, obj.status, "view", role):
                    problems.append(f"{leak.name} shows {role} the {obj.status} {name}")
            if name in leak.counts:
                read, counted_states = leak.counts[name]
                expected = sum(
                    obj.status in counted_states and may(name, obj.status, "view", role)
                    for obj in items
                )
                if read(html) != expected:
                    problems.append(f"{leak.name} counts {read(html)} {name}s for {role}")
    assert problems == []


def test_a_disclosure_title_appears_on_no_public_page(world_with_every_state, anonymous_client):
    _world, objects = world_with_every_state
    for obj in objects["disclosure"]:
        assert title_of(obj) not in anonymous_client.get("/").content.decode()
