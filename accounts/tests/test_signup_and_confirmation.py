"""Signing up, confirming the address by a signed, expiring link, resending it, resetting."""

from __future__ import annotations

import pytest
from django.core import mail, signing
from django.test import override_settings
from django.urls import reverse

from accounts.models import User
from accounts.tests.conftest import link_in
from accounts.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long and uncommon passphrase 42"


def sign_up(client, **overrides):
    data = {
        "email": "new.person@example.org",
        "display_name": "新用户",
        "password": PASSWORD,
        "password_again": PASSWORD,
        "preferred_language": "zh-hans",
        **overrides,
    }
    return client.post(reverse("signup"), data)


def test_signing_up_sends_a_link_in_the_chosen_language_and_the_account_waits(client, mailing):
    with mailing():
        response = sign_up(client)
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.org")
    assert user.email_verified_at is None
    assert user.display_name == "新用户"
    [message] = mail.outbox
    assert message.to == ["new.person@example.org"]
    assert message.subject == "确认您在科桥的电子邮箱"
    assert "/accounts/confirm/" in message.body


def test_following_the_link_confirms_and_then_the_account_can_log_in(client, mailing):
    with mailing():
        sign_up(client)
    link = link_in(mail.outbox[0])
    assert client.get(link).status_code == 200  # a page with a button: scanners confirm nothing
    assert User.objects.get().email_verified_at is None
    response = client.post(link)
    assert response.status_code == 302
    assert User.objects.get().email_verified_at is not None
    login = client.post(
        reverse("login"), {"username": "new.person@example.org", "password": PASSWORD}
    )
    assert login.status_code == 302


def test_a_used_link_says_the_address_is_already_confirmed(client, mailing):
    with mailing():
        sign_up(client)
    link = link_in(mail.outbox[0])
    client.post(link)
    again = client.post(link)
    assert again.status_code == 400
    assert "already confirmed" in again.content.decode()


@override_settings(ACCOUNT_LINK_MAX_AGE_SECONDS=-1)
def test_an_expired_link_says_so_and_offers_a_new_one(client, mailing):
    with mailing():
        sign_up(client)
    response = client.post(link_in(mail.outbox[0]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "This link has expired" in html
    assert reverse("resend-confirmation") in html
    assert User.objects.get().email_verified_at is None


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: token[: len(token) // 2],
        lambda token: "nonsense",
        lambda token: signing.dumps({"u": 1, "e": "x@example.org"}, salt="another.purpose"),
    ],
    ids=["altered", "truncated", "garbage", "signed-for-something-else"],
)
def test_a_tampered_link_is_refused_with_a_clear_message(client, mailing, mangle):
    with mailing():
        sign_up(client)
    link = link_in(mail.outbox[0])
    token = link.rstrip("/").rsplit("/", 1)[1]
    response = client.post(reverse("confirm-email", args=[mangle(token)]))
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    assert User.objects.get().email_verified_at is None


def test_signing_up_again_with_a_taken_address_reveals_nothing_on_the_page(client, mailing):
    existing = UserFactory.create(email="taken@example.org", preferred_language="en")
    with mailing():
        response = sign_up(client, email="TAKEN@example.org")
    assert response.status_code == 302
    assert User.objects.filter(email="taken@example.org").count() == 1
    [message] = mail.outbox
    assert message.to == [existing.email]
    assert message.subject == "You already have a Keqiao account"


def test_signing_up_again_while_unconfirmed_resends_the_link(client, mailing):
    with mailing():
        sign_up(client)
        sign_up(client)
    assert len(mail.outbox) == 2
    assert all("/accounts/confirm/" in message.body for message in mail.outbox)


def test_resending_the_link_works_and_says_the_same_for_unknown_addresses(client, mailing):
    UserFactory.create(email="waiting@example.org", email_verified_at=None)
    with mailing():
        known = client.post(reverse("resend-confirmation"), {"email": "waiting@example.org"})
        unknown = client.post(reverse("resend-confirmation"), {"email": "ghost@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert [message.to for message in mail.outbox] == [["waiting@example.org"]]


def test_password_reset_goes_through_the_portal_mail_in_the_users_language(client, mailing):
    user = UserFactory.create(email="forgot@example.org", preferred_language="zh-hans")
    with mailing():
        client.post(reverse("password_reset"), {"email": "forgot@example.org"})
    [message] = mail.outbox
    assert message.subject == "设置新的科桥密码"
    link = link_in(message)
    form_page = client.get(link, follow=True)
    new = "another fine passphrase 77"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new, "new_password2": new},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    assert not user.check_password(TEST_PASSWORD)
    reused = client.get(link, follow=True).content.decode()
    assert "already been used" in reused


def test_a_password_reset_confirms_an_unconfirmed_address(client, mailing):
    user = UserFactory.create(email="late@example.org", email_verified_at=None)
    with mailing():
        client.post(reverse("password_reset"), {"email": user.email})
    form_page = client.get(link_in(mail.outbox[0]), follow=True)
    new = "another fine passphrase 77"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    user.refresh_from_db()
    assert user.email_verified_at is not None
