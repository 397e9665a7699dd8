"""The account settings come from the environment; a malformed value is one clear line."""

import pytest

from tests.test_configuration import PRODUCTION, manage


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("LOGIN_RATE_LIMIT", "lots"),
        ("LOGIN_FAILURE_LIMIT", "ten"),
        ("LOGIN_COOLOFF_SECONDS", "x"),
        ("INVITATION_MAX_AGE_DAYS", "-3"),
    ],
)
def test_a_malformed_sign_in_setting_is_one_line_naming_it(name, value):
    result = manage("check", **{**PRODUCTION, name: value})
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert name in result.stderr or value in result.stderr
