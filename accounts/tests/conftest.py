from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.core import mail


@pytest.fixture
def mailing(django_capture_on_commit_callbacks) -> Callable[[], AbstractContextManager[Any]]:
    """`with mailing(): ...` sends the emails that the block queued for after the commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def link_in(message: mail.EmailMessage) -> str:
    """The one portal link in an email's body, as a path (the test client takes paths)."""
    found = re.findall(r"https?://[^\s]+", str(message.body))
    assert found, message.body
    return re.sub(r"^https?://[^/]+", "", found[0])
