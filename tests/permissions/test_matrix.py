"""Every role × state × action of table.py, through every surface registered in surfaces.py."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import messages
from django.forms.models import model_to_dict
from django.test import Client
from rest_framework.test import APIClient

from accounts.permissions import UnknownAction
from accounts.roles import forget_roles
from accounts.services import api_token_create
from portal.models import AuditLogEntry
from tests.permissions.surfaces import SURFACES, Listing, Queryset, Request, Surface, _model
from tests.permissions.table import ROLES, ROWS, Row, holds, may, may_view
from tests.permissions.world import World, build_world, make

pytestmark = pytest.mark.django_db


def _tried(row: Row, surface: Surface) -> bool:
    if (surface.model, surface.action) != (row.model, row.action):
        return False
    if row.state == "-":  # creating: the queryset, and the pages and endpoints that create
        return isinstance(surface, Queryset | Request)
    return not (isinstance(surface, Request) and row.state in surface.skip_states)


CASES = [
    pytest.param(row, surface, id=f"{row.id}-{surface.name}")
    for row in ROWS
    for surface in SURFACES
    if _tried(row, surface)
]


@pytest.fixture
def world(request: pytest.FixtureRequest) -> World:
    return build_world(request)


def client_for(world: World, role: str, kind: str) -> Any:
    user = world.user(role)
    if kind == "api":
        api = APIClient()
        if user is not None:
            _token, key = api_token_create(user=user, name="matrix client")
            api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return api
    page = Client()
    if user is not None:
        page.force_login(user)
    return page


def snapshot(obj: Any) -> tuple[dict[str, Any], int]:
    fresh = type(obj).objects.filter(pk=obj.pk).first()
    return (model_to_dict(fresh) if fresh else {}), AuditLogEntry.objects.count()


def may_view_target(row: Row, role: str, obj: Any) -> bool:
    if row.state == "-":  # creating on behalf of an organisation: may they see it?
        return may_view("organization", "verified" if obj.verified else "unverified", role)
    return may_view(row.model, row.state, role)


def expected_status(row: Row, surface: Request, role: str, allowed: bool, obj: Any) -> str:
    """What the contract promises: success; login (an anonymous visitor on a page or endpoint
    for signed-in users); 404 (may not view it); on a workflow surface, "conflict" (may do this,
    but not in this state: 409 in the API, a redirect with an error message on a page) unless
    it is already done (a repeat: success, nothing changes); else 403."""
    if role == "anonymous" and surface.login_required:
        return "login"
    if allowed:
        return "success"
    if not may_view_target(row, role, obj):
        return "404"
    if surface.tells_not_now and holds(row.model, row.action, role):
        return "success" if row.state in surface.idempotent_in else "conflict"
    return "403"


def _error_messages(response: Any) -> bool:
    request = getattr(response, "wsgi_request", None)
    return request is not None and any(
        message.level >= messages.ERROR for message in messages.get_messages(request)
    )


def outcome_of(response: Any) -> str:
    if response.status_code in (200, 201, 204):
        return "success"
    if response.status_code == 302:
        if "/accounts/login/" in response["Location"]:
            return "login"
        return "conflict" if _error_messages(response) else "success"
    if response.status_code == 401:
        return "login"
    if response.status_code == 409:
        return "conflict"
    return str(response.status_code)


def body_of(response: Any) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def check(world: World, row: Row, surface: Surface, role: str) -> str | None:
    """None when the surface agrees with the matrix for this role, else what went wrong."""
    obj = make(world, row.model, row.state)
    user = world.user(role)
    if user is not None:
        forget_roles(user)
    allowed = role in row.allowed
    if isinstance(surface, Queryset):
        got = surface.allows(user, obj)
        return None if got == allowed else f"{role}: queryset says {got}, matrix says {allowed}"
    client = client_for(world, role, surface.kind)
    if isinstance(surface, Listing):
        html = body_of(client.get(surface.url(obj)))
        shown = surface.marker(obj) in html
        if surface.reader is not None:
            allowed = may(row.model, row.state, row.action, surface.reader)
        if surface.only_roles is not None:
            allowed = allowed and role in surface.only_roles
        return None if shown == allowed else f"{role}: listed={shown}, expected {allowed}"
    assert isinstance(surface, Request)
    call = surface.build(obj)
    before = snapshot(obj)
    method = getattr(client, call.method.lower())
    if surface.kind == "api" and call.method != "GET":
        response = method(call.url, call.data, format="json")
    else:
        response = method(call.url, call.data)
    want = expected_status(row, surface, role, allowed, obj)
    if outcome_of(response) != want:
        return f"{role}: {call.method} {call.url} answered {response.status_code}, expected {want}"
    if surface.mutates and not allowed and snapshot(obj) != before:
        return f"{role}: a refused {call.method} {call.url} changed something"
    return None


@pytest.mark.parametrize(("row", "surface"), CASES)
def test_each_role_gets_exactly_what_the_matrix_allows(world, row, surface):
    problems = [problem for role in ROLES if (problem := check(world, row, surface, role))]
    assert problems == [], "\n".join(problems)


def test_every_action_of_every_grant_table_has_lines_in_the_matrix():
    from accounts.querysets import (
        API_TOKEN_GRANTS,
        INVITATION_GRANTS,
        MEMBERSHIP_GRANTS,
        ORGANIZATION_GRANTS,
    )
    from achievements.querysets import (
        ACHIEVEMENT_GRANTS,
        DISCLOSURE_GRANTS,
        FILE_GRANTS,
        IMPORT_JOB_GRANTS,
    )
    from deals.querysets import (
        ACCESS_REQUEST_GRANTS,
        INQUIRY_GRANTS,
        INSTITUTION_GRANTS,
        LISTING_GRANTS,
        NDA_GRANTS,
        OUTCOME_GRANTS,
    )
    from experts.querysets import ASSESSED_LISTING_GRANTS, ASSESSMENT_GRANTS, EXPERT_GRANTS
    from matching.matches.querysets import MATCH_GRANTS
    from matching.notifications.querysets import NOTIFICATION_ACTIONS
    from matching.saved_searches.querysets import SAVED_SEARCH_ACTIONS
    from moderation.models import REPORT_GRANTS
    from needs.querysets import NEED_GRANTS

    tables = {
        "achievement": ACHIEVEMENT_GRANTS,
        "disclosure": DISCLOSURE_GRANTS,
        "need": NEED_GRANTS,
        "expert": EXPERT_GRANTS,
        "membership": MEMBERSHIP_GRANTS,
        "invitation": INVITATION_GRANTS,
        "api_token": API_TOKEN_GRANTS,
        # deals
        "inquiry": INQUIRY_GRANTS,
        "access_request": ACCESS_REQUEST_GRANTS,
        "outcome": OUTCOME_GRANTS,
        "nda": NDA_GRANTS,
        "deal_listing": LISTING_GRANTS,
        "deal_institution": INSTITUTION_GRANTS,
        "confidential_file": FILE_GRANTS,
        "achievement_file": FILE_GRANTS,
        "abuse_report": REPORT_GRANTS,
        "import_job": IMPORT_JOB_GRANTS,
        # saved searches and notifications: the owner's alone
        "saved_search": SAVED_SEARCH_ACTIONS,
        "notification": NOTIFICATION_ACTIONS,
        "match": MATCH_GRANTS,  # matches for people (branch "matchui")
        # the expert pool
        "assessment": ASSESSMENT_GRANTS,
        "assessed_listing": ASSESSED_LISTING_GRANTS,
    }
    covered = {(row.model, row.action) for row in ROWS}
    missing = [
        f"{model} {action}"
        for model, table in tables.items()
        for action in table
        if (model, action) not in covered
    ]
    organization_actions = set(ORGANIZATION_GRANTS) - {
        "create_achievement",
        "create_disclosure",
        "create_need",
        "keep_expert_profile",
    }
    missing += [
        f"organization {action}"
        for action in organization_actions
        if ("organization", action) not in covered and action != "export"
    ]
    assert missing == []


def test_every_state_of_a_stateful_model_has_a_view_line():
    for model in ("achievement", "disclosure", "need", "inquiry"):
        states = {choice for choice, _label in _model(model).Status.choices}
        viewed = {row.state for row in ROWS if row.model == model and row.action == "view"}
        assert states == viewed, model


def test_an_action_no_table_declares_is_an_error_not_an_empty_or_full_queryset(tto_a):
    from achievements.models import Achievement

    with pytest.raises(UnknownAction, match="publish"):
        Achievement.objects.restrict(tto_a, "publish")
