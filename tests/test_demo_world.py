"""manage.py seed_demo builds the documented demo world, and running it twice changes nothing."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from accounts.models import User
from achievements.models import Achievement
from matching.matches.models import Match
from needs.models import Need
from portal.demo_world import DEMO_PASSWORD, LOGINS

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "achievements": Achievement.objects.count(),
        "published": Achievement.objects.published().count(),
        "needs": Need.objects.count(),
        "matches": Match.objects.count(),
    }


@override_settings(DEBUG=True)
def test_seeding_twice_gives_the_same_world():
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first
    assert first["published"] >= 6
    assert first["matches"] >= 3  # demo matches of the demo needs, with their parts
    assert all(sum(m.parts.values()) == pytest.approx(m.score) for m in Match.objects.all())
    assert Achievement.objects.filter(title_zh="").exists()  # English-only listing
    assert Achievement.objects.filter(title_en="").exists()  # Chinese-only listing
    need_states = set(Need.objects.values_list("status", flat=True))
    assert need_states >= {"draft", "submitted", "changes_requested", "published", "expired"}


@override_settings(DEBUG=True)
def test_every_documented_demo_login_works(client):
    call_command("seed_demo")
    for login in LOGINS:
        # Through the login form: authenticate() needs the request (django-axes counts it).
        response = client.post(
            "/accounts/login/", {"username": login.email, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, login.email
        client.logout()


def test_seeding_refuses_to_run_in_production():
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("seed_demo")
