"""What actually crosses the wire, read back from a real SMTP server on localhost (aiosmtpd)."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from achievements.models import Achievement
from achievements.tests.factories import AchievementFactory, DisclosureFactory
from matching.notifications.digests import digests_build
from matching.notifications.models import Notification, OutboundEmail
from matching.notifications.preferences import preferences_of
from matching.notifications.services import notify
from matching.notifications.targets import payload_for
from matching.notifications.vocabulary import Delivery, Kind
from matching.tests.factories import NotificationPreferenceFactory

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Room-temperature superconductor, unpublished"


@pytest.fixture
def listing(university_a):
    return AchievementFactory.create(
        institution=university_a, title_zh="固态电池隔膜", title_en="Solid-state battery separator"
    )


@pytest.fixture
def chinese_reader(enterprise):
    from accounts.tests.factories import MembershipFactory

    user = UserFactory.create(
        email="reader-zh@example.org", display_name="王芳", preferred_language="zh-hans"
    )
    MembershipFactory.create(user=user, organization=enterprise, role="member")
    NotificationPreferenceFactory.create(user=user, kind=Kind.MATCH)
    return user


@pytest.fixture
def english_reader(enterprise_member):
    enterprise_member.display_name = "Jane Doe"
    enterprise_member.save()
    NotificationPreferenceFactory.create(user=enterprise_member, kind=Kind.MATCH)
    return enterprise_member


def send_match(recipient, target, capture):
    with capture(execute=True):
        return notify(
            recipient=recipient,
            kind=Kind.MATCH,
            reason="match",
            target=target,
            payload=payload_for(target),
        )


def test_a_chinese_reader_gets_the_email_in_chinese(
    smtp, chinese_reader, listing, django_capture_on_commit_callbacks
):
    send_match(chinese_reader, listing, django_capture_on_commit_callbacks)
    (received,) = smtp.received
    assert received.to == "reader-zh@example.org"
    assert received.subject == "科桥 · 新的匹配：固态电池隔膜"
    assert received.text.startswith("王芳，您好：")
    assert "在科桥上查看：" in received.text
    assert "固态电池隔膜" in received.html
    assert received.message["Content-Language"] == "zh-hans"
    assert "Solid-state" not in received.everything


def test_an_english_reader_gets_the_email_in_english(
    smtp, english_reader, listing, django_capture_on_commit_callbacks
):
    send_match(english_reader, listing, django_capture_on_commit_callbacks)
    (received,) = smtp.received
    assert received.subject == "Keqiao · New matches: Solid-state battery separator"
    assert received.text.startswith("Hello Jane Doe,")
    assert received.message["Content-Language"] == "en"
    assert "固态" not in received.everything


def test_the_email_links_back_through_the_inbox_and_carries_the_rows_message_id(
    smtp, english_reader, listing, django_capture_on_commit_callbacks, client_for
):
    notification = send_match(english_reader, listing, django_capture_on_commit_callbacks)
    (received,) = smtp.received
    assert received.message_id == OutboundEmail.objects.get().message_id
    assert received.message["Auto-Submitted"] == "auto-generated"
    open_url = f"/notifications/{notification.pk}/"
    assert open_url in received.text
    response = client_for(english_reader).get(open_url)
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_one_click_unsubscribe_headers_follow_rfc_8058(
    smtp, english_reader, listing, django_capture_on_commit_callbacks, anonymous_client
):
    send_match(english_reader, listing, django_capture_on_commit_callbacks)
    (received,) = smtp.received
    header = str(received.message["List-Unsubscribe"])
    assert header.startswith("<http")
    assert header.endswith(">")
    assert received.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_path = urlsplit(header.strip("<>")).path
    assert unsubscribe_path in received.text  # the same link is in the body too

    # A mail client's one-click POST: no cookie, no CSRF token, just the form field.
    response = anonymous_client.post(
        unsubscribe_path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    choices = preferences_of(english_reader)
    assert choices.by_kind[Kind.MATCH] == Delivery.IN_APP
    assert choices.by_kind[Kind.INQUIRY] == Delivery.INSTANT  # only that kind
    assert not choices.email_opt_out


def test_the_unsubscribe_link_opens_a_page_that_asks_before_it_acts(
    smtp, english_reader, listing, django_capture_on_commit_callbacks, anonymous_client
):
    send_match(english_reader, listing, django_capture_on_commit_callbacks)
    all_url = next(
        line.split(": ", 1)[1]
        for line in smtp.received[0].text.splitlines()
        if line.startswith("No more notification emails at all:")
    )
    path = urlsplit(all_url).path
    page = anonymous_client.get(path)
    assert page.status_code == 200
    assert "Stop all notification emails to member-c@example.org?" in page.content.decode()
    assert not preferences_of(english_reader).email_opt_out
    done = anonymous_client.post(path)
    assert "will get no more notification emails" in done.content.decode()
    assert preferences_of(english_reader).email_opt_out


def test_a_tampered_unsubscribe_link_is_refused(
    smtp, english_reader, listing, django_capture_on_commit_callbacks, anonymous_client, tto_b
):
    send_match(english_reader, listing, django_capture_on_commit_callbacks)
    path = urlsplit(str(smtp.received[0].message["List-Unsubscribe"]).strip("<>")).path
    token = path.rstrip("/").rsplit("/", 1)[1]
    payload, signature = token.rsplit(":", 1)
    # Someone else's id with the original signature, and a signature changed by one character.
    import base64
    import json

    forged = base64.urlsafe_b64encode(json.dumps([tto_b.pk, "match"]).encode()).decode()
    altered = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    for bad in (f"{forged.rstrip('=')}:{signature}", f"{payload}:{altered}", "nonsense"):
        response = anonymous_client.post(f"/notifications/unsubscribe/{bad}/")
        assert response.status_code == 400
        assert "not valid" in response.content.decode()
    assert preferences_of(english_reader).by_kind[Kind.MATCH] == Delivery.INSTANT
    assert preferences_of(tto_b).by_kind[Kind.MATCH] == Delivery.DAILY


def test_a_confidential_disclosures_title_never_appears_in_an_email(
    smtp, tto_a, university_a, listing, django_capture_on_commit_callbacks
):
    secret = DisclosureFactory.create(institution=university_a, title=SECRET_TITLE)
    NotificationPreferenceFactory.create(user=tto_a, kind=Kind.INQUIRY)
    # The TTO may see the disclosure, so it may be notified about it (and see it in the inbox).
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipient=tto_a,
            kind=Kind.INQUIRY,
            reason="disclosure-submitted",
            target=secret,
            payload={**payload_for(secret), "summary": "Secret sauce."},
        )
    # …and the same in a digest, next to a public listing.
    NotificationPreferenceFactory.create(user=tto_a, kind=Kind.MATCH, delivery=Delivery.DAILY)
    NotificationPreferenceFactory.create(user=tto_a, kind=Kind.MODERATION, delivery=Delivery.DAILY)
    notify(
        recipient=tto_a,
        kind=Kind.MATCH,
        reason="match",
        target=listing,
        payload=payload_for(listing),
    )
    notify(
        recipient=tto_a,
        kind=Kind.MODERATION,
        reason="disclosure-reviewed",
        target=secret,
        payload=payload_for(secret),
    )
    Notification.objects.update(created_at=timezone.now() - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        digests_build(period=Delivery.DAILY)

    instant, digest = smtp.received
    for received in (instant, digest):
        assert SECRET_TITLE not in received.everything
        assert "Secret sauce" not in received.everything
        assert "A confidential invention disclosure (open the portal to see it)" in received.text
    assert "Solid-state battery separator" in digest.text


def test_a_target_that_became_invisible_before_sending_is_dropped_not_sent(
    smtp, english_reader, listing, university_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(
            recipient=english_reader, kind=Kind.MATCH, reason="match", target=listing
        )
        Achievement.objects.filter(pk=listing.pk).update(status=Achievement.Status.ARCHIVED)
    assert smtp.received == []
    notification.refresh_from_db()
    assert notification.email_state == Notification.EmailState.DROPPED
    assert OutboundEmail.objects.get().state == OutboundEmail.State.CANCELLED


def test_a_digest_leaves_out_what_the_reader_may_no_longer_see(
    smtp, english_reader, university_a, django_capture_on_commit_callbacks
):
    preference = english_reader.notification_preferences.get(kind=Kind.MATCH)
    preference.delivery = Delivery.DAILY
    preference.save()
    kept = AchievementFactory.create(institution=university_a, title_en="Still public")
    withdrawn = AchievementFactory.create(institution=university_a, title_en="Withdrawn listing")
    for target in (kept, withdrawn):
        notify(
            recipient=english_reader,
            kind=Kind.MATCH,
            reason="match",
            target=target,
            payload=payload_for(target),
        )
    Notification.objects.update(created_at=timezone.now() - timedelta(days=1))
    withdrawn.status = Achievement.Status.ARCHIVED
    withdrawn.save()
    with django_capture_on_commit_callbacks(execute=True):
        digests_build(period=Delivery.DAILY)
    (received,) = smtp.received
    assert received.subject == "Keqiao daily digest: 1 new notification"
    assert "Still public" in received.text
    assert "Withdrawn listing" not in received.everything


def test_a_digest_is_written_in_the_readers_language_with_an_unsubscribe_all_header(
    smtp, chinese_reader, listing, django_capture_on_commit_callbacks
):
    preference = chinese_reader.notification_preferences.get(kind=Kind.MATCH)
    preference.delivery = Delivery.WEEKLY
    preference.save()
    notify(
        recipient=chinese_reader,
        kind=Kind.MATCH,
        reason="match",
        target=listing,
        payload=payload_for(listing),
    )
    Notification.objects.update(created_at=timezone.now() - timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        digests_build(period=Delivery.WEEKLY)
    (received,) = smtp.received
    assert received.subject == "科桥每周摘要：1 条新通知"
    assert "新的匹配" in received.text
    assert "固态电池隔膜" in received.text
    assert received.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "不再接收任何通知邮件：" in received.text
