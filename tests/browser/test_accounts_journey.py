"""Journeys: sign up → confirm → log in → ask to join → manager approves → dashboard; API tokens."""

from __future__ import annotations

import json
import urllib.request

import pytest
from django.core import mail

from accounts.models import Membership
from accounts.tests.conftest import link_in
from accounts.tests.factories import TEST_PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long and uncommon passphrase 42"


def log_in(page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard/")


def test_a_newcomer_signs_up_confirms_joins_and_is_approved(
    page, browser, live_server, university_a
):
    manager = MembershipFactory.create(
        organization=university_a,
        role=Membership.Role.TTO_MANAGER,
        user=UserFactory.create(email="boss@example.org"),
    ).user

    page.goto("/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Email address").fill("newcomer@example.org")
    page.get_by_label("Your name").fill("林新 Lin")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_label("Language for emails and pages").select_option("en")
    page.get_by_role("button", name="Create the account").click()
    assert page.get_by_role("heading", name="Check your inbox").is_visible()

    [message] = [m for m in mail.outbox if m.to == ["newcomer@example.org"]]
    page.goto(live_server.url + link_in(message))
    page.get_by_role("button", name="Confirm my address").click()
    assert page.get_by_text("Your email address is confirmed").is_visible()

    log_in(page, "newcomer@example.org", PASSWORD)
    page.get_by_role("link", name="Join or register an organisation").click()
    page.get_by_role("link", name="Join an organisation").click()
    page.get_by_label("Organisation name").fill("University A")
    page.get_by_role("button", name="Search").click()
    page.get_by_label("Role").select_option("researcher")
    page.get_by_role("button", name="Ask to join").click()
    assert page.get_by_text("Waiting for approval").is_visible()
    assert any(m.to == [manager.email] for m in mail.outbox)

    boss = browser.new_context(base_url=live_server.url, locale="en-US").new_page()
    log_in(boss, manager.email, TEST_PASSWORD)
    boss.goto(f"/accounts/organisations/{university_a.pk}/manage/")
    boss.get_by_role("button", name="Approve").click()
    assert boss.get_by_text("林新 Lin is now a member.").is_visible()
    boss.context.close()

    page.goto("/dashboard/")
    row = page.locator("section.panel p", has_text="University A")
    assert "Researcher" in row.inner_text()
    assert "Waiting for approval" not in row.inner_text()


def api(live_server, method: str, path: str, *, key: str | None = None, body: dict | None = None):
    request = urllib.request.Request(
        live_server.url + path,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json"},
    )
    if key:
        request.add_header("Authorization", f"Token {key}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_a_token_made_on_the_page_works_against_the_token_api(page, live_server, tto_a):
    log_in(page, tto_a.email, TEST_PASSWORD)
    page.goto("/accounts/tokens/")
    page.get_by_label("Name").fill("browser journey")
    page.get_by_role("button", name="Create a token").click()
    key = page.locator("#new-token-key").inner_text()
    assert key.startswith("kq_")

    status, tokens = api(live_server, "GET", "/api/v1/auth/tokens/", key=key)
    assert status == 200
    assert [token["name"] for token in tokens] == ["browser journey"]

    status, created = api(
        live_server, "POST", "/api/v1/auth/tokens/", key=key, body={"name": "from the API"}
    )
    assert status == 201
    assert created["key"].startswith("kq_")

    status, obtained = api(
        live_server,
        "POST",
        "/api/v1/auth/token/",
        body={"email": tto_a.email, "password": TEST_PASSWORD, "name": "by password"},
    )
    assert status == 201

    page.goto("/accounts/tokens/")  # a reload would post the form again
    assert page.get_by_role("cell", name="from the API").is_visible()
    assert key not in page.content()
    page.locator("tr", has_text="browser journey").get_by_role("button", name="Revoke").click()
    assert api(live_server, "GET", "/api/v1/auth/tokens/", key=key)[0] == 401
    assert api(live_server, "GET", "/api/v1/auth/tokens/", key=obtained["key"])[0] == 200
