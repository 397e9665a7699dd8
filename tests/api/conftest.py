"""Clients for the API tests: anonymous, or authenticated without a session round trip."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from accounts.models import User


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def api_client_for() -> Callable[[User], APIClient]:
    """A client whose requests are authenticated as the user (as an API token would be).

    force_authenticate skips the session lookup, so query counts show the endpoint's own work.
    """

    def make(user: User) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make
