"""What the parties hear: in the inbox the thread's subject; by email only "an inquiry"."""

import pytest

from deals.services import access_request_create, inquiry_create, inquiry_reply
from matching.notifications.models import Notification, OutboundEmail
from matching.notifications.rendering import notification_message

pytestmark = pytest.mark.django_db

SUBJECT = "Exclusive licence for our Ningbo plant"
BODY = "We would pay 3 million yuan upfront."


def test_the_inbox_names_the_thread_and_the_email_does_not(enterprise_member, tto_a, listing):
    inquiry = inquiry_create(
        actor=enterprise_member, achievement=listing, subject=SUBJECT, body=BODY
    )
    notification = Notification.objects.get(recipient=tto_a)
    assert notification.payload["title"] == SUBJECT
    assert notification.payload["url"] == f"/deals/inquiries/{inquiry.pk}/"
    assert "Composite separator" in notification.payload["summary_en"]
    assert notification.payload["summary_zh"].startswith("关于")
    email = OutboundEmail.objects.get(recipient=tto_a)
    message = notification_message(email)
    assert message is not None
    text = message.body
    assert SUBJECT not in text
    assert BODY not in text
    assert "Composite separator" not in text  # nothing of the thread leaves the portal
    assert "confidential" in text.lower()


def test_a_retried_reply_never_notifies_twice(enterprise_member, tto_a, listing):
    inquiry = inquiry_create(actor=enterprise_member, achievement=listing, subject="S", body="B")
    message = inquiry_reply(actor=tto_a, inquiry=inquiry, body="Answer")
    reasons = list(
        Notification.objects.filter(recipient=enterprise_member).values_list("reason", flat=True)
    )
    assert reasons == [f"inquiry-message:{message.pk}"]


def test_a_document_request_reaches_the_tto_with_the_listing_title(
    enterprise_member, tto_a, listing
):
    request = access_request_create(actor=enterprise_member, achievement=listing, purpose="Eval")
    notification = Notification.objects.get(recipient=tto_a)
    assert notification.reason == f"access-request:{request.pk}"
    assert notification.kind == "inquiry"
    assert notification.payload["url"] == f"/deals/documents/{request.pk}/"
