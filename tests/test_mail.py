"""Emails are rendered in the recipient's language and sent only after the transaction commits."""

import pytest
from django.core import mail
from django.core.management import call_command

from portal.mail import queue_email

pytestmark = pytest.mark.django_db


def test_an_email_waits_for_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue_email(to="a@example.org", language="en", template="test_message", context={})
    assert mail.outbox == []
    callbacks[0]()
    assert len(mail.outbox) == 1


def test_an_email_is_written_in_the_recipients_language(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(to="b@example.org", language="zh-hans", template="test_message", context={})
    message = mail.outbox[0]
    assert message.subject == "科桥测试邮件"
    assert "这是一封来自科桥的测试邮件" in message.body
    assert message.extra_headers["Content-Language"] == "zh-hans"


def test_the_management_command_sends_one(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_test_email", "c@example.org", "--language", "en")
    assert mail.outbox[0].subject == "Keqiao test message"
    assert mail.outbox[0].to == ["c@example.org"]
