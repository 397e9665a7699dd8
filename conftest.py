"""Shared fixtures: the named people every permission test talks about.

Two universities (A and B) with a TTO officer each, a researcher at A, an enterprise with a
member, an expert, a moderator, an admin, and clients logged in as each of them.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from accounts.models import MODERATORS_GROUP, Membership, Organization, User
from accounts.tests.factories import (
    EnterpriseFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)
from experts.tests.factories import ExpertFactory


@pytest.fixture
def university_a(db) -> Organization:
    return OrganizationFactory.create(name_en="University A", name_zh="甲大学", slug="university-a")


@pytest.fixture
def university_b(db) -> Organization:
    return OrganizationFactory.create(name_en="University B", name_zh="乙大学", slug="university-b")


@pytest.fixture
def enterprise(db) -> Organization:
    return EnterpriseFactory.create(name_en="Enterprise C", name_zh="丙公司", slug="enterprise-c")


def _member(organization: Organization, role: str, email: str) -> User:
    return MembershipFactory.create(
        user=UserFactory.create(email=email), organization=organization, role=role
    ).user


@pytest.fixture
def tto_a(university_a) -> User:
    return _member(university_a, Membership.Role.TTO_OFFICER, "tto-a@example.org")


@pytest.fixture
def tto_b(university_b) -> User:
    return _member(university_b, Membership.Role.TTO_OFFICER, "tto-b@example.org")


@pytest.fixture
def researcher_a(university_a) -> User:
    return _member(university_a, Membership.Role.RESEARCHER, "researcher-a@example.org")


@pytest.fixture
def enterprise_member(enterprise) -> User:
    return _member(enterprise, Membership.Role.MEMBER, "member-c@example.org")


@pytest.fixture
def expert_user(db) -> User:
    user = UserFactory.create(email="expert@example.org")
    ExpertFactory.create(user=user, name_en="Expert E")
    return user


@pytest.fixture
def moderator(db) -> User:
    user = UserFactory.create(email="moderator@example.org")
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return user


@pytest.fixture
def admin(db) -> User:
    return User.objects.create_superuser("admin@example.org", "admin-password-1")


@pytest.fixture
def anonymous_client() -> Client:
    return Client()


@pytest.fixture
def client_for() -> Callable[[User | None], Client]:
    """A fresh client logged in as the given user (anonymous for None)."""

    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


def restore_reference_data() -> None:
    """Put back what data migrations provide; a transactional test's flush removes it."""
    from portal.models import Field
    from portal.taxonomy import load_taxonomy

    if not Field.objects.exists():
        load_taxonomy(Field)
    Group.objects.get_or_create(name=MODERATORS_GROUP)


@pytest.fixture(scope="session", autouse=True)
def _reference_data_at_start(django_db_setup, django_db_blocker) -> None:
    # With --reuse-db the previous run's last transactional test may have flushed it.
    from django.db import connection

    if connection.settings_dict["NAME"] != connection.settings_dict["TEST"]["NAME"]:
        return  # no collected test uses the database, so pytest-django set none up
    with django_db_blocker.unblock():
        restore_reference_data()


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request) -> None:
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        restore_reference_data()


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    # Rate limits live in the cache; one test's sign-in attempts must not throttle the next.
    from django.core.cache import cache

    cache.clear()
