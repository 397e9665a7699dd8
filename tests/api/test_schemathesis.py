"""Schemathesis fuzzes every operation of /api/v1/schema/: for a visitor, a TTO officer and a
moderator.

It sends schema-valid and schema-invalid requests and checks: no 5xx, only documented status
codes, content types and headers, and bodies that conform to the documented schemas. Bounded by
max_examples so the whole run stays within a few minutes on a shared CI machine.

The signed-in callers use API tokens, not session cookies: a session's writes need a CSRF token,
so with a cookie every write would stop at a 403 and the write endpoints would go untested. The
world gives them something to act on in every state: listings and disclosures of the officer's
institution, submitted items and an open report for the moderator.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS

from accounts.services import api_token_create
from achievements.tests.factories import (
    AchievementFactory,
    DisclosureFactory,
    DisclosureInventorFactory,
    PatentFactory,
)
from experts.tests.factories import ExpertFactory
from moderation.services import report_create
from needs.tests.factories import NeedFactory
from portal.models import Field

MAX_EXAMPLES = 25
CHECK_NAMES = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
]


@pytest.fixture
def api_world(db, university_a, university_b, enterprise, tto_a, researcher_a, moderator):
    """A little of everything, so that ids 1… and lists have something to show."""
    fields = list(Field.objects.filter(code__in=["2.5", "3.4"]))
    for n in range(3):
        listing = AchievementFactory.create(institution=university_a, trl=3 + n)
        listing.fields.set(fields)
        PatentFactory.create(achievement=listing)
    for state in ("draft", "submitted", "changes_requested", "rejected"):
        AchievementFactory.create(institution=university_a, status=state, published_at=None)
    AchievementFactory.create(institution=university_b, status="submitted", published_at=None)
    need = NeedFactory.create(organization=enterprise, trl_min=3, trl_max=7)
    need.fields.set(fields)
    ExpertFactory.create(organization=university_a).fields.set(fields)
    for state in ("draft", "submitted", "under_review", "accepted"):
        disclosure = DisclosureFactory.create(
            institution=university_a, submitter=researcher_a, status=state
        )
        DisclosureInventorFactory.create(disclosure=disclosure, user=researcher_a)
    report_create(
        reporter=researcher_a,
        target=AchievementFactory.create(institution=university_b),
        reason="inaccurate",
        details="The figures do not match the paper.",
    )
    _deals_world(university_a, researcher_a, tto_a)
    _saved_search_world(university_a, tto_a)
    _matches_world(university_a, need)
    _experts_world(university_a, tto_a)


def _experts_world(university_a, tto_a) -> None:
    """The expert pool: a profile tto_a keeps, assessments of a listing of A in every state."""
    from experts.services import (
        assessment_decline,
        assessment_publish,
        assessment_request,
        assessment_submit,
        expert_save,
    )

    listing = AchievementFactory.create(institution=university_a)
    experts = [
        expert_save(actor=tto_a, kept_by=university_a, values={"name_en": f"Kept expert {n}"})
        for n in range(3)
    ]
    asked = assessment_request(actor=tto_a, achievement=listing, experts=experts)
    done = assessment_submit(
        actor=tto_a, assessment=asked[0], values={"trl": 5, "recommendation": "develop"}
    )
    assessment_publish(actor=tto_a, assessment=done)
    assessment_decline(actor=tto_a, assessment=asked[1], reason="Conflict of interest")


def _deals_world(university_a, researcher_a, tto_a) -> None:
    """deals: threads and document requests in which tto_a is either party, an NDA in force."""
    from accounts.tests.factories import OrganizationFactory
    from deals.services import access_request_create, inquiry_create, nda_publish

    other = AchievementFactory.create(institution=OrganizationFactory.create())
    own = AchievementFactory.create(institution=university_a)
    inquiry_create(actor=researcher_a, achievement=own, subject="Sample?", body="Is one free?")
    inquiry_create(actor=tto_a, achievement=other, subject="Licence?", body="For Zhejiang?")
    nda_publish(actor=tto_a, institution=university_a, title="NDA", text="Keep it secret.")
    access_request_create(actor=researcher_a, achievement=own, purpose="Evaluation")
    access_request_create(actor=tto_a, achievement=other, purpose="Benchmarking")


def _saved_search_world(university_a, tto_a) -> None:
    """Saved searches and notifications: the officer's own, read and unread."""
    from matching.notifications.services import notification_mark_read, notify
    from matching.notifications.targets import payload_for
    from matching.saved_searches.services import saved_search_create

    saved_search_create(owner=tto_a, name="Batteries", query="q=battery", frequency="daily")
    saved_search_create(owner=tto_a, name="Paused", query="type=need", frequency="paused")
    for n, listing in enumerate(AchievementFactory.create_batch(2, institution=university_a)):
        notification = notify(
            recipient=tto_a,
            kind="saved-search",
            reason="saved-search:1",
            target=listing,
            payload=payload_for(listing),
        )
        if n:
            notification_mark_read(user=tto_a, notification_id=notification.pk)


def _matches_world(university_a, need) -> None:
    """matches (matchui): the need matched with university A's published listings and an
    expert matched with one, so tto_a has matches to list, read and give feedback on."""
    from achievements.models import Achievement
    from matching.tests.factories import MatchFactory

    listings = Achievement.objects.filter(institution=university_a, status="published")
    expert = ExpertFactory.create(visibility="public")
    for n, listing in enumerate(listings.order_by("pk")):
        MatchFactory.create(need=need, achievement=listing, parts={"text": 0.2 + n / 10})
    MatchFactory.create(
        kind="achievement-expert",
        achievement=listings.first(),
        expert=expert,
        parts={"fields": 0.3},
    )


@pytest.fixture
def wsgi_host(settings):
    """Lets the WSGI requests in, inside the test's transaction, as Django's test client does."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]  # the WSGI client's host
    # A request ends by closing "old" database connections: that would be the test's own.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _load_schema() -> schemathesis.schemas.BaseSchema:
    """The document /api/v1/schema/ serves, generated in-process (no database needed)."""
    generator = SchemaGenerator()
    document = json.loads(OpenApiJsonRenderer().render(generator.get_schema(None, public=True)))
    loaded = schemathesis.openapi.from_dict(document)
    loaded.app = WSGIHandler()  # requests go straight to Django, in this process
    return loaded


schema = _load_schema()


def test_the_schema_tested_is_the_one_served(client, db):
    served = client.get("/api/v1/schema/?format=json").json()
    assert served["paths"].keys() == schema.raw_schema["paths"].keys()


def _has_null_in_query(case: schemathesis.Case) -> bool:
    values = [
        v
        for value in (case.query or {}).values()
        for v in (value if isinstance(value, list) else [value])
    ]
    # The coverage phase has already spelled the null as "null" by the time the check runs.
    return any(value is None or value == "null" for value in values)


def _unless_null_in_query(check: Callable) -> Callable:
    """Skip the check for a case with a JSON null in its query string.

    A null has no spelling in a URL: schemathesis sends the text "null", which is a perfectly
    valid value for most parameters (a slug, a word), and then, as the case was meant to break
    the schema, expects it refused. Such a case tests nothing about the API. (A filter hook
    would not do: the coverage phase does not apply filter hooks.)
    """

    @functools.wraps(check)
    def checked(ctx: object, response: object, case: schemathesis.Case) -> bool | None:
        if _has_null_in_query(case):
            return None
        return check(ctx, response, case)

    return checked


def _checks():
    return [
        _unless_null_in_query(check) if check.__name__ == "negative_data_rejection" else check
        for check in CHECKS.get_all()
        if check.__name__ in CHECK_NAMES
    ]


@pytest.fixture
def tto_token(api_world, tto_a) -> str:
    _token, key = api_token_create(user=tto_a, name="schemathesis")
    return f"Token {key}"


@pytest.fixture
def moderator_token(api_world, moderator) -> str:
    _token, key = api_token_create(user=moderator, name="schemathesis")
    return f"Token {key}"


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_for_a_visitor(case, api_world, wsgi_host):
    case.call_and_validate(checks=_checks())


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_for_a_tto_officer(case, tto_token, wsgi_host):
    case.call_and_validate(checks=_checks(), headers={"Authorization": tto_token})


# The moderator's reads of the public resources are the officer's; what differs is what they may
# write (decisions, reports, take-downs) and the moderation resources they may read.
@schema.include(method=["POST", "PATCH", "DELETE"]).parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_write_for_a_moderator(case, moderator_token, wsgi_host):
    case.call_and_validate(checks=_checks(), headers={"Authorization": moderator_token})


@schema.include(path_regex="^/api/v1/moderation/", method="GET").parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_moderation_read_for_a_moderator(case, moderator_token, wsgi_host):
    case.call_and_validate(checks=_checks(), headers={"Authorization": moderator_token})
