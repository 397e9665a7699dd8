"""Preferences: sensible defaults, the settings page in both languages, the service behind it."""

import re

import pytest
from django.urls import reverse

from achievements.tests.factories import AchievementFactory
from matching.notifications.models import Notification
from matching.notifications.preferences import (
    delivery_for,
    email_opt_out_set,
    preference_set,
    preferences_of,
)
from matching.notifications.services import notify
from matching.notifications.vocabulary import DEFAULT_DELIVERY, Delivery, Kind

pytestmark = pytest.mark.django_db

SETTINGS = reverse("notifications:settings")


def checked(html, name):
    """The value of the checked radio button called name."""
    (value,) = re.findall(
        rf'<input type="radio" name="{name}" value="([a-z-]+)"[^>]* checked>', html
    )
    return value


def test_someone_who_chose_nothing_gets_the_defaults(enterprise_member):
    choices = preferences_of(enterprise_member)
    assert choices.by_kind == DEFAULT_DELIVERY
    assert choices.by_kind[Kind.MATCH] == Delivery.DAILY
    assert choices.by_kind[Kind.INQUIRY] == Delivery.INSTANT
    assert not choices.email_opt_out


def test_a_choice_replaces_the_default_for_that_kind_only(enterprise_member):
    preference_set(user=enterprise_member, kind=Kind.MATCH, delivery=Delivery.WEEKLY)
    preference_set(user=enterprise_member, kind=Kind.MATCH, delivery=Delivery.INSTANT)
    assert delivery_for(user=enterprise_member, kind=Kind.MATCH) == Delivery.INSTANT
    assert delivery_for(user=enterprise_member, kind=Kind.SAVED_SEARCH) == Delivery.DAILY
    assert enterprise_member.notification_preferences.count() == 1


def test_an_unknown_kind_or_delivery_is_refused(enterprise_member):
    with pytest.raises(ValueError, match="hourly"):
        preference_set(user=enterprise_member, kind=Kind.MATCH, delivery="hourly")
    with pytest.raises(ValueError, match="gossip"):
        preference_set(user=enterprise_member, kind="gossip", delivery=Delivery.DAILY)


def test_opting_out_of_all_email_keeps_notifications_in_the_inbox(enterprise_member):
    email_opt_out_set(user=enterprise_member, opted_out=True)
    assert delivery_for(user=enterprise_member, kind=Kind.INQUIRY) == Delivery.IN_APP
    notification = notify(
        recipient=enterprise_member,
        kind=Kind.INQUIRY,
        reason="inquiry",
        target=AchievementFactory.create(),
    )
    assert notification.delivery == Delivery.IN_APP
    assert notification.email_state == Notification.EmailState.NONE
    email_opt_out_set(user=enterprise_member, opted_out=False)
    assert delivery_for(user=enterprise_member, kind=Kind.INQUIRY) == Delivery.INSTANT


def test_the_settings_page_saves_every_choice(client_for, enterprise_member):
    client = client_for(enterprise_member)
    form = {f"kind_{kind.replace('-', '_')}": str(Delivery.WEEKLY) for kind in Kind.values}
    form["kind_inquiry"] = Delivery.OFF
    response = client.post(SETTINGS, {**form, "email_opt_out": "on"}, follow=True)
    assert "Your notification settings are saved." in response.content.decode()
    choices = preferences_of(enterprise_member)
    assert choices.by_kind[Kind.MATCH] == Delivery.WEEKLY
    assert choices.by_kind[Kind.INQUIRY] == Delivery.OFF
    assert choices.email_opt_out


def test_the_settings_page_refuses_a_made_up_choice_and_saves_nothing(
    client_for, enterprise_member
):
    form = {f"kind_{kind.replace('-', '_')}": str(Delivery.WEEKLY) for kind in Kind.values}
    form["kind_match"] = "hourly"
    response = client_for(enterprise_member).post(SETTINGS, form)
    assert response.status_code == 200
    assert "Please choose one option for each kind." in response.content.decode()
    assert not enterprise_member.notification_preferences.exists()


def test_the_settings_page_speaks_chinese(client_for, enterprise_member):
    enterprise_member.preferred_language = "zh-hans"
    enterprise_member.save()
    html = client_for(enterprise_member).get(SETTINGS).content.decode()
    assert "通知设置" in html
    assert "每日摘要邮件" in html
    assert "不接收任何通知邮件" in html
    assert checked(html, "kind_match") == Delivery.DAILY  # the default


def test_the_settings_page_shows_the_current_choice(client_for, enterprise_member):
    preference_set(user=enterprise_member, kind=Kind.MATCH, delivery=Delivery.WEEKLY)
    html = client_for(enterprise_member).get(SETTINGS).content.decode()
    assert checked(html, "kind_match") == Delivery.WEEKLY
    assert checked(html, "kind_inquiry") == Delivery.INSTANT
