"""notify(): one row per (recipient, reason, object), routed by the recipient's preference."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import IntegrityError, transaction

from achievements.models import Achievement
from achievements.tests.factories import AchievementFactory, DisclosureFactory
from matching.notifications.models import Notification, OutboundEmail
from matching.notifications.services import notify
from matching.notifications.targets import NotificationNotAllowed, payload_for
from matching.notifications.tasks import send_outbound_email
from matching.notifications.vocabulary import Delivery, Kind
from matching.tests.factories import NotificationPreferenceFactory
from portal.models import AuditLogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing(university_a):
    return AchievementFactory.create(institution=university_a, title_en="Solid separator")


def test_calling_notify_twice_returns_the_first_row(enterprise_member, listing):
    first = notify(
        recipient=enterprise_member,
        kind=Kind.MATCH,
        reason="match",
        target=listing,
        payload=payload_for(listing),
    )
    second = notify(
        recipient=enterprise_member,
        kind=Kind.MATCH,
        reason="match",
        target=listing,
        payload={"title": "something else"},
    )
    assert second.pk == first.pk
    assert second.payload["title_en"] == "Solid separator"
    assert Notification.objects.count() == 1


def test_the_database_refuses_a_second_row_for_the_same_event(enterprise_member, listing):
    notification = notify(
        recipient=enterprise_member, kind=Kind.MATCH, reason="match", target=listing
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            recipient=enterprise_member,
            kind=Kind.MATCH,
            reason="match",
            content_type=notification.content_type,
            object_id=listing.pk,
            delivery=Delivery.DAILY,
        )


def test_a_different_reason_about_the_same_object_is_a_new_notification(enterprise_member, listing):
    notify(recipient=enterprise_member, kind=Kind.MATCH, reason="match", target=listing)
    notify(
        recipient=enterprise_member, kind=Kind.SAVED_SEARCH, reason="saved-search:7", target=listing
    )
    assert Notification.objects.filter(recipient=enterprise_member).count() == 2


def test_an_instant_notification_sends_one_email_after_the_commit(
    enterprise_member, listing, django_capture_on_commit_callbacks
):
    NotificationPreferenceFactory.create(user=enterprise_member, kind=Kind.MATCH)
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(
            recipient=enterprise_member,
            kind=Kind.MATCH,
            reason="match",
            target=listing,
            payload=payload_for(listing),
        )
        assert mail.outbox == []  # nothing leaves before the commit
        notify(recipient=enterprise_member, kind=Kind.MATCH, reason="match", target=listing)
    assert len(mail.outbox) == 1
    assert "Solid separator" in mail.outbox[0].subject
    notification.refresh_from_db()
    assert notification.email_state == Notification.EmailState.ATTACHED
    assert OutboundEmail.objects.get().state == OutboundEmail.State.SENT


def test_a_redelivered_send_task_sends_nothing_more(
    enterprise_member, listing, django_capture_on_commit_callbacks
):
    NotificationPreferenceFactory.create(user=enterprise_member, kind=Kind.MATCH)
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(
            recipient=enterprise_member, kind=Kind.MATCH, reason="match", target=listing
        )
    assert notification.email_id is not None
    send_outbound_email.apply(args=(notification.email_id,))
    send_outbound_email.apply(args=(notification.email_id,))
    assert len(mail.outbox) == 1
    assert OutboundEmail.objects.get().attempts == 1


def test_a_digest_preference_waits_for_the_digest(enterprise_member, listing):
    NotificationPreferenceFactory.create(
        user=enterprise_member, kind=Kind.MATCH, delivery=Delivery.WEEKLY
    )
    notification = notify(
        recipient=enterprise_member, kind=Kind.MATCH, reason="match", target=listing
    )
    assert notification.delivery == Delivery.WEEKLY
    assert notification.email_state == Notification.EmailState.WAITING
    assert not OutboundEmail.objects.exists()


def test_inbox_only_writes_no_email_and_off_hides_it_from_the_inbox(
    enterprise_member, listing, university_a
):
    NotificationPreferenceFactory.create(
        user=enterprise_member, kind=Kind.MATCH, delivery=Delivery.IN_APP
    )
    NotificationPreferenceFactory.create(
        user=enterprise_member, kind=Kind.REMINDER, delivery=Delivery.OFF
    )
    in_app = notify(recipient=enterprise_member, kind=Kind.MATCH, reason="match", target=listing)
    off = notify(recipient=enterprise_member, kind=Kind.REMINDER, reason="reminder", target=listing)
    assert in_app.email_state == off.email_state == Notification.EmailState.NONE
    assert list(Notification.objects.visible_to(enterprise_member)) == [in_app]
    assert not OutboundEmail.objects.exists()


def test_nobody_is_notified_about_something_they_cannot_see(enterprise_member, university_a):
    draft = AchievementFactory.create(institution=university_a, status=Achievement.Status.DRAFT)
    secret = DisclosureFactory.create(institution=university_a)
    for target in (draft, secret):
        with pytest.raises(NotificationNotAllowed):
            notify(recipient=enterprise_member, kind=Kind.MATCH, reason="match", target=target)
    assert not Notification.objects.exists()


def test_a_target_without_a_visibility_rule_is_refused(enterprise_member):
    audit_entry = AuditLogEntry.objects.create(  # the audit log has no visible_to
        content_type=ContentType.objects.get_for_model(AuditLogEntry), object_id=1, action="x"
    )
    with pytest.raises(TypeError, match="visible_to"):
        notify(recipient=enterprise_member, kind=Kind.MATCH, reason="match", target=audit_entry)


@pytest.mark.parametrize(
    ("reason", "payload", "message"),
    [
        ("Match Found!", {}, "slug"),
        ("match", {"title": "x" * 5000}, "4096 bytes"),
    ],
)
def test_a_bad_reason_or_an_oversized_payload_is_refused(
    enterprise_member, listing, reason, payload, message
):
    with pytest.raises(ValueError, match=message):
        notify(
            recipient=enterprise_member,
            kind=Kind.MATCH,
            reason=reason,
            target=listing,
            payload=payload,
        )


def test_an_unknown_kind_is_refused(enterprise_member, listing):
    with pytest.raises(ValueError, match="newsletter"):
        notify(recipient=enterprise_member, kind="newsletter", reason="x", target=listing)
