"""A private object never leaks through lists, counts and anything else that aggregates.

One object per state of each model is created with a recognisable title. Then, for every role:
- querysets: visible_to(user).count() is exactly the number of objects the matrix lets it view;
- every registered leak surface — the home page's counts and lists, the dashboard, the HTML
  list pages, the API lists (and the numbers of rows they hold), the open-data exports — shows
  no title the role may not view, and its counts are what the role may view. An export shows
  what a visitor may view, whoever asks (`reader="anonymous"`);
- `manage.py export_open_data` writes no private title.

To add a surface: append a Leak to LEAKS with how to fetch its text (and, optionally, how to
read the number it shows for a model).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import Client

from accounts.roles import forget_roles
from accounts.tests.factories import OrganizationFactory
from achievements.models import Achievement, Disclosure
from achievements.tests.factories import AchievementFactory
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
    # Shows what this role may view, whoever asks (open data is the visitor's view).
    reader: str | None = None


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


# --- Added with the pages × API matrix (branch "flow"): list pages, API lists, exports ---------

ALL_STATES: dict[str, set[str]] = {
    name: {str(state) for state in model.Status.values} for name, model in PRIVATE_MODELS.items()
}


def _body(response: Any) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def _rows(text: str) -> int:
    """The number of rows of an API list page (the world fits in one page of 100)."""
    body = json.loads(text)
    assert body["next"] is None, "the leak world should fit in one page"
    return len(body["results"])


def _fetch(url: str) -> Callable[[Client], str]:
    return lambda client: _body(client.get(url))


def _api_list(path: str) -> Callable[[Client], str]:
    # An API list answers 401 to a visitor where it needs a signed-in caller: no rows, then.
    def fetch(client: Client) -> str:
        response = client.get(f"{path}?page_size=100")
        return _body(response) if response.status_code == 200 else '{"next":null,"results":[]}'

    return fetch


LEAKS += [
    Leak("achievement list page", lambda client: _body(client.get("/achievements/"))),
    Leak("need list page", lambda client: _body(client.get("/needs/"))),
    Leak("own listings page", lambda client: _body(client.get("/achievements/manage/"))),
    Leak("disclosure list page", lambda client: _body(client.get("/achievements/disclosures/"))),
    Leak("organisation list page", lambda client: _body(client.get("/organizations/"))),
    Leak("moderation queue", lambda client: _body(client.get("/moderation/"))),
    Leak(
        "API achievements",
        _api_list("/api/v1/achievements/"),
        counts={"achievement": (_rows, ALL_STATES["achievement"])},
    ),
    Leak(
        "API needs",
        _api_list("/api/v1/needs/"),
        counts={"need": (_rows, ALL_STATES["need"])},
    ),
    Leak(
        "API disclosures",
        _api_list("/api/v1/disclosures/"),
        counts={"disclosure": (_rows, ALL_STATES["disclosure"])},
    ),
    Leak("API moderation queue", lambda client: _body(client.get("/api/v1/moderation/queue/"))),
    *[
        Leak(
            f"open data {table}.{suffix}",
            _fetch(f"/api/v1/export/{table}.{suffix}"),
            reader="anonymous",
        )
        for table in ("achievements", "needs", "organizations", "experts")
        for suffix in ("csv", "jsonl")
    ],
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


def viewable(name: str, role: str, states: set[str] | None = None) -> int:
    """How many objects of the model, of all in the database, the matrix lets the role view
    (the leak world also holds the draft listing its converted disclosure became)."""
    statuses = PRIVATE_MODELS[name].objects.values_list("status", flat=True)
    return sum(
        may(name, status, "view", role) and (states is None or status in states)
        for status in statuses
    )


def test_visible_to_counts_are_exactly_the_states_the_matrix_lets_each_role_view(
    world_with_every_state,
):
    world, _objects = world_with_every_state
    problems = []
    for role in ROLES:
        user = world.user(role) or AnonymousUser()
        if user.is_authenticated:
            forget_roles(user)
        for name, model in PRIVATE_MODELS.items():
            expected = viewable(name, role)
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
        reader = leak.reader or role
        for name, items in objects.items():
            for obj in items:
                if title_of(obj) in html and not may(name, obj.status, "view", reader):
                    problems.append(f"{leak.name} shows {role} the {obj.status} {name}")
            if name in leak.counts:
                read, counted_states = leak.counts[name]
                expected = viewable(name, reader, counted_states)
                if read(html) != expected:
                    problems.append(f"{leak.name} counts {read(html)} {name}s for {role}")
    assert problems == []


def test_the_surfaces_show_what_their_reader_may_view(world_with_every_state, client_for):
    """The other half: a leak test that shows nothing at all would pass. Published objects
    appear on the public surfaces, and the TTO's own drafts on its pages and API lists."""
    world, objects = world_with_every_state
    published = {
        name: next(o for o in items if o.status == "published")
        for name, items in objects.items()
        if name != "disclosure"
    }
    visitor = client_for(None)
    for leak in LEAKS:
        if leak.name in {
            "achievement list page",
            "API achievements",
            "open data achievements.csv",
            "open data achievements.jsonl",
            "home page",
        }:
            assert title_of(published["achievement"]) in leak.fetch(visitor), leak.name
    officer = client_for(world.user("tto_a"))
    draft = next(o for o in objects["achievement"] if o.status == "draft")
    for name in ("own listings page", "API achievements", "achievement list page"):
        leak = next(leak for leak in LEAKS if leak.name == name)
        assert title_of(draft) in leak.fetch(officer), name


def test_the_open_data_dump_holds_no_private_title(world_with_every_state, tmp_path):
    _world, objects = world_with_every_state
    call_command("export_open_data", str(tmp_path), stdout=io.StringIO())
    written = "".join(
        path.read_text(encoding="utf-8") for path in tmp_path.rglob("*") if path.is_file()
    )
    for name, items in objects.items():
        for obj in items:
            shown = title_of(obj) in written
            assert shown == may(name, obj.status, "view", "anonymous"), (name, obj.status)


def test_an_unverified_organisation_without_listings_reaches_no_visitor(
    world_with_every_state, client_for
):
    world, _objects = world_with_every_state
    hidden = OrganizationFactory.create(verified=False, name_en="leak-organization-marker")
    listed = OrganizationFactory.create(verified=False, name_en="listed-organization-marker")
    AchievementFactory.create(institution=listed, status="published")
    visitor = client_for(None)
    for url in (
        "/organizations/",
        "/api/v1/organizations/?page_size=100",
        "/api/v1/export/organizations.csv",
        "/api/v1/export/achievements.jsonl",
    ):
        body = _body(visitor.get(url))
        assert hidden.name_en not in body, url
    assert listed.name_en in _body(visitor.get("/organizations/"))
    # Signed-in users see it, to ask to join; the open data still does not.
    member = client_for(world.user("enterprise_member"))
    assert hidden.name_en in _body(member.get("/api/v1/organizations/?page_size=100"))
    assert hidden.name_en not in _body(member.get("/api/v1/export/organizations.csv"))


def test_a_disclosure_title_appears_on_no_public_page(world_with_every_state, anonymous_client):
    _world, objects = world_with_every_state
    for obj in objects["disclosure"]:
        assert title_of(obj) not in anonymous_client.get("/").content.decode()
