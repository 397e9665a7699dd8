"""Inquiry services: every transition, who may make it, and who hears about it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.tests.factories import MembershipFactory, UserFactory
from achievements.tests.factories import AchievementFactory
from deals.models import Inquiry, Message
from deals.services import (
    DailyLimitReached,
    inquiry_close,
    inquiry_create,
    inquiry_reply,
)
from matching.notifications.models import Notification
from portal.audit import history

pytestmark = pytest.mark.django_db


def ask(user, listing, **extra):
    values = {"subject": "Licence for East China?", "body": "Is a regional licence possible?"}
    return inquiry_create(actor=user, achievement=listing, **{**values, **extra})


def notified(user, inquiry):
    return list(
        Notification.objects.filter(recipient=user, object_id=inquiry.pk, kind="inquiry")
        .order_by("created_at")
        .values_list("reason", flat=True)
    )


def test_an_enterprise_member_asks_and_the_tto_hears_of_it(enterprise_member, tto_a, listing):
    inquiry = ask(enterprise_member, listing)
    assert inquiry.status == Inquiry.Status.OPEN
    message = inquiry.messages.get()
    assert (message.side, message.author) == (Message.Side.REQUESTER, enterprise_member)
    assert notified(tto_a, inquiry) == [f"inquiry-message:{message.pk}"]
    assert notified(enterprise_member, inquiry) == []
    assert [e.action for e in history(inquiry)] == ["inquire"]


def test_every_tto_officer_of_the_institution_hears_of_a_new_inquiry(
    enterprise_member, tto_a, tto_b, university_a, listing
):
    manager = MembershipFactory.create(organization=university_a, role="tto_manager").user
    researcher = MembershipFactory.create(organization=university_a, role="researcher").user
    inquiry = ask(enterprise_member, listing)
    assert notified(tto_a, inquiry)
    assert notified(manager, inquiry)
    assert notified(researcher, inquiry) == []
    assert notified(tto_b, inquiry) == []


def test_the_tto_replies_and_the_thread_is_answered(enterprise_member, tto_a, listing):
    inquiry = ask(enterprise_member, listing)
    reply = inquiry_reply(actor=tto_a, inquiry=inquiry, body="Yes, for Zhejiang and Jiangsu.")
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.ANSWERED
    assert reply.side == Message.Side.INSTITUTION
    assert f"inquiry-message:{reply.pk}" in notified(enterprise_member, inquiry)
    assert next(e.action for e in history(inquiry)) == "reply"


def test_after_a_tto_officer_answered_only_they_hear_of_the_next_message(
    enterprise_member, tto_a, university_a, listing
):
    colleague = MembershipFactory.create(organization=university_a, role="tto_officer").user
    inquiry = ask(enterprise_member, listing)
    inquiry_reply(actor=tto_a, inquiry=inquiry, body="Yes.")
    follow_up = inquiry_reply(actor=enterprise_member, inquiry=inquiry, body="What price?")
    assert f"inquiry-message:{follow_up.pk}" in notified(tto_a, inquiry)
    assert f"inquiry-message:{follow_up.pk}" not in notified(colleague, inquiry)
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.OPEN


def test_either_side_closes_and_a_new_message_reopens(enterprise_member, tto_a, listing):
    inquiry = ask(enterprise_member, listing)
    inquiry_close(actor=tto_a, inquiry=inquiry)
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.CLOSED
    assert inquiry.closed_at is not None
    assert any(r.startswith("inquiry-closed:") for r in notified(enterprise_member, inquiry))
    inquiry_close(actor=tto_a, inquiry=inquiry)  # twice: nothing more happens
    assert [e.action for e in history(inquiry)].count("close") == 1
    inquiry_reply(actor=enterprise_member, inquiry=inquiry, body="One more question.")
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.OPEN
    assert inquiry.closed_at is None
    assert history(inquiry)[0].action == "reopen"
    inquiry_close(actor=enterprise_member, inquiry=inquiry)
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.CLOSED
    closings = [r for r in notified(tto_a, inquiry) if r.startswith("inquiry-closed:")]
    assert len(closings) == 1  # the TTO hears of the enquirer's closing, not its own


def test_colleagues_of_the_organisation_follow_and_answer_the_thread(
    enterprise_member, enterprise, tto_a, listing
):
    colleague = MembershipFactory.create(organization=enterprise, role="member").user
    inquiry = ask(enterprise_member, listing, organization=enterprise)
    assert Inquiry.objects.visible_to(colleague).filter(pk=inquiry.pk).exists()
    message = inquiry_reply(actor=colleague, inquiry=inquiry, body="Adding our volumes.")
    assert message.side == Message.Side.REQUESTER


def test_a_personal_inquiry_stays_with_the_sender(enterprise_member, enterprise, listing):
    colleague = MembershipFactory.create(organization=enterprise, role="member").user
    inquiry = ask(enterprise_member, listing)
    assert not Inquiry.objects.visible_to(colleague).filter(pk=inquiry.pk).exists()
    with pytest.raises(PermissionDenied):
        inquiry_reply(actor=colleague, inquiry=inquiry, body="Me too.")


def test_third_parties_moderators_and_other_ttos_can_neither_read_nor_write(
    enterprise_member, tto_b, moderator, researcher_a, expert_user, listing
):
    inquiry = ask(enterprise_member, listing)
    for outsider in (tto_b, moderator, researcher_a, expert_user):
        assert not Inquiry.objects.visible_to(outsider).filter(pk=inquiry.pk).exists()
        assert not Message.objects.visible_to(outsider).exists()
        with pytest.raises(PermissionDenied):
            inquiry_reply(actor=outsider, inquiry=inquiry, body="Hello?")
        with pytest.raises(PermissionDenied):
            inquiry_close(actor=outsider, inquiry=inquiry)


def test_an_admin_may_write_and_speaks_for_neither_party(enterprise_member, tto_a, admin, listing):
    inquiry = ask(enterprise_member, listing)
    note = inquiry_reply(actor=admin, inquiry=inquiry, body="Please keep prices in CNY.")
    assert note.side == Message.Side.ADMIN
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.OPEN  # still waiting for the TTO
    assert f"inquiry-message:{note.pk}" in notified(tto_a, inquiry)
    assert f"inquiry-message:{note.pk}" in notified(enterprise_member, inquiry)


def test_a_listing_not_published_cannot_be_asked_about(enterprise_member, university_a):
    draft = AchievementFactory.create(institution=university_a, status="draft", published_at=None)
    with pytest.raises(ValidationError) as error:
        ask(enterprise_member, draft)
    assert "achievement" in error.value.message_dict


def test_the_tto_cannot_ask_its_own_listing(tto_a, listing):
    with pytest.raises(ValidationError, match="your own institution"):
        ask(tto_a, listing)


def test_the_organisation_must_be_the_senders_and_not_the_institution(
    enterprise_member, researcher_a, university_a, enterprise, listing
):
    with pytest.raises(ValidationError) as error:
        ask(researcher_a, listing, organization=enterprise)
    assert "organization" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        ask(researcher_a, listing, organization=university_a)
    assert "organization" in error.value.message_dict
    assert not Inquiry.objects.exists()


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("subject", {"subject": "   "}),
        ("body", {"body": ""}),
        ("subject", {"subject": "x" * 201}),
        ("body", {"body": "y" * 5001}),
        ("body", {"body": "bad \x00 byte"}),
        ("subject", {"subject": "evil\u202etxt.exe"}),
    ],
)
def test_bad_text_is_refused_naming_the_field_and_writes_nothing(
    enterprise_member, listing, field, values
):
    with pytest.raises(ValidationError) as error:
        ask(enterprise_member, listing, **values)
    assert field in error.value.message_dict
    assert not Inquiry.objects.exists()
    assert not Message.objects.exists()
    assert not Notification.objects.exists()


def test_markup_is_kept_as_plain_text(enterprise_member, listing):
    inquiry = ask(enterprise_member, listing, body="<script>alert(1)</script>\r\nline two")
    assert inquiry.messages.get().body == "<script>alert(1)</script>\nline two"


def test_a_reply_without_text_changes_nothing(enterprise_member, tto_a, listing):
    inquiry = ask(enterprise_member, listing)
    with pytest.raises(ValidationError) as error:
        inquiry_reply(actor=tto_a, inquiry=inquiry, body=" \n ")
    assert "body" in error.value.message_dict
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.OPEN
    assert inquiry.messages.count() == 1


def test_new_inquiries_are_limited_per_person_and_day(enterprise_member, settings, university_a):
    settings.DEALS_INQUIRY_DAILY_LIMIT = 2
    listings = AchievementFactory.create_batch(3, institution=university_a)
    ask(enterprise_member, listings[0])
    ask(enterprise_member, listings[1])
    with pytest.raises(DailyLimitReached) as error:
        ask(enterprise_member, listings[2])
    assert 0 < error.value.retry_after <= 24 * 3600
    assert Inquiry.objects.count() == 2
    other = UserFactory.create()
    ask(other, listings[2])  # someone else is not affected


def test_replies_are_not_limited(enterprise_member, tto_a, listing, settings):
    settings.DEALS_INQUIRY_DAILY_LIMIT = 1
    inquiry = ask(enterprise_member, listing)
    for n in range(3):
        inquiry_reply(actor=enterprise_member, inquiry=inquiry, body=f"Detail {n}")
    assert inquiry.messages.count() == 4


def test_a_member_who_left_no_longer_sees_the_organisations_threads(
    enterprise_member, enterprise, listing
):
    from accounts.roles import forget_roles

    colleague_membership = MembershipFactory.create(organization=enterprise, role="member")
    inquiry = ask(enterprise_member, listing, organization=enterprise)
    colleague = colleague_membership.user
    assert Inquiry.objects.visible_to(colleague).filter(pk=inquiry.pk).exists()
    colleague_membership.delete()
    forget_roles(colleague)
    assert not Inquiry.objects.visible_to(colleague).filter(pk=inquiry.pk).exists()
