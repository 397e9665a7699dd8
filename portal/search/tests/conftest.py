"""Listings that are written and then indexed, the way services do it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from achievements.tests.factories import AchievementFactory
from portal.search import index_objects


@pytest.fixture
def listing(db) -> Callable[..., Any]:
    """Create a row with a factory (an achievement by default) and index it."""

    def make(factory: Any = AchievementFactory, **fields: Any) -> Any:
        obj = factory.create(**fields)
        index_objects(type(obj), [obj.pk])
        return obj

    return make
