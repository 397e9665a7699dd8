"""Schemathesis fuzzes every operation of /api/v1/schema/, for a visitor and a TTO officer.

It sends schema-valid and schema-invalid requests and checks: no 5xx, only documented status
codes, content types and headers, and bodies that conform to the documented schemas. Bounded by
max_examples so the whole run stays within a minute or two on a shared CI machine.
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS

from achievements.tests.factories import (
    AchievementFactory,
    DisclosureFactory,
    DisclosureInventorFactory,
    PatentFactory,
)
from experts.tests.factories import ExpertFactory
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
def api_world(db, university_a, enterprise, tto_a, researcher_a):
    """A little of everything, so that ids 1… and lists have something to show."""
    fields = list(Field.objects.filter(code__in=["2.5", "3.4"]))
    for n in range(3):
        listing = AchievementFactory.create(institution=university_a, trl=3 + n)
        listing.fields.set(fields)
        PatentFactory.create(achievement=listing)
    AchievementFactory.create(institution=university_a, status="draft", published_at=None)
    need = NeedFactory.create(organization=enterprise, trl_min=3, trl_max=7)
    need.fields.set(fields)
    ExpertFactory.create(organization=university_a).fields.set(fields)
    disclosure = DisclosureFactory.create(institution=university_a, submitter=researcher_a)
    DisclosureInventorFactory.create(disclosure=disclosure, user=researcher_a)
    _deals_world(university_a, researcher_a, tto_a)


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


def _checks():
    return [check for check in CHECKS.get_all() if check.__name__ in CHECK_NAMES]


def _session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


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
def test_every_operation_for_a_tto_officer(case, api_world, wsgi_host, tto_a):
    case.call_and_validate(checks=_checks(), headers={"Cookie": _session_cookie(tto_a)})


# --- deals: writes need a token (a session would need a CSRF token), so fuzz them with one -----
deals_schema = schema.include(path_regex=r"^/api/v1/(inquiries|access-requests|funnel)/")


@pytest.fixture
def tto_a_token(tto_a) -> str:
    from accounts.services import api_token_create

    _token, key = api_token_create(user=tto_a, name="schemathesis")
    return key


@deals_schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_deals_operation_for_a_tto_officer_with_a_token(
    case, api_world, wsgi_host, tto_a_token
):
    case.call_and_validate(checks=_checks(), headers={"Authorization": f"Token {tto_a_token}"})
