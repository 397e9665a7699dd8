"""The inbox: a person sees only their own notifications, marks them read, sees the unread count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from achievements.models import Achievement
from achievements.tests.factories import AchievementFactory, DisclosureFactory
from matching.notifications.models import Notification
from matching.notifications.services import notification_mark_read, notify
from matching.notifications.targets import payload_for
from matching.notifications.vocabulary import Delivery, Kind
from matching.tests.factories import NotificationPreferenceFactory

pytestmark = pytest.mark.django_db

INBOX = reverse("notifications:inbox")


def tell(recipient, target, *, reason="match", kind=Kind.MATCH):
    return notify(
        recipient=recipient, kind=kind, reason=reason, target=target, payload=payload_for(target)
    )


@pytest.fixture
def listings(university_a):
    return [
        AchievementFactory.create(institution=university_a, title_en=f"Listing {n}", title_zh="")
        for n in range(3)
    ]


def test_the_inbox_lists_only_the_readers_own_notifications(
    client_for, enterprise_member, tto_b, listings
):
    tell(enterprise_member, listings[0])
    tell(tto_b, listings[1])
    html = client_for(enterprise_member).get(INBOX).content.decode()
    assert "Listing 0" in html
    assert "Listing 1" not in html


def test_someone_elses_notification_cannot_be_opened_or_marked(
    client_for, enterprise_member, tto_b, listings
):
    theirs = tell(tto_b, listings[0])
    client = client_for(enterprise_member)
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:mark-read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_inbox_needs_a_login(anonymous_client):
    response = anonymous_client.get(INBOX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_marking_one_and_then_all_as_read(client_for, enterprise_member, listings):
    first, second, third = (tell(enterprise_member, listing) for listing in listings)
    client = client_for(enterprise_member)
    client.post(reverse("notifications:mark-read", args=[first.pk]))
    assert set(Notification.objects.unread().values_list("pk", flat=True)) == {second.pk, third.pk}
    response = client.post(reverse("notifications:mark-all-read"), follow=True)
    assert "All notifications are marked as read." in response.content.decode()
    assert not Notification.objects.unread().exists()


def test_marking_read_twice_keeps_the_first_time(enterprise_member, listings):
    notification = tell(enterprise_member, listings[0])
    first = notification_mark_read(user=enterprise_member, notification_id=notification.pk)
    again = notification_mark_read(user=enterprise_member, notification_id=notification.pk)
    assert again.read_at == first.read_at


def test_the_header_shows_the_unread_count_with_one_query(client_for, enterprise_member, listings):
    for listing in listings:
        tell(enterprise_member, listing)
    client = client_for(enterprise_member)
    html = client.get("/").content.decode()
    assert 'class="badge unread-count" aria-label="3 unread notifications">3</span>' in html
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    counts = [q["sql"] for q in queries if "matching_notification" in q["sql"]]
    assert len(counts) == 1
    assert "COUNT(" in counts[0]


def test_the_header_count_leaves_out_read_and_switched_off_notifications(
    client_for, enterprise_member, listings
):
    NotificationPreferenceFactory.create(
        user=enterprise_member, kind=Kind.REMINDER, delivery=Delivery.OFF
    )
    read = tell(enterprise_member, listings[0])
    notification_mark_read(user=enterprise_member, notification_id=read.pk)
    tell(enterprise_member, listings[1], kind=Kind.REMINDER, reason="reminder")
    html = client_for(enterprise_member).get("/").content.decode()
    assert "unread-count" not in html
    assert f'href="{INBOX}"' in html


def test_the_inbox_speaks_chinese_to_a_chinese_reader(client_for, enterprise_member, university_a):
    enterprise_member.preferred_language = "zh-hans"
    enterprise_member.save()
    listing = AchievementFactory.create(
        institution=university_a, title_zh="固态电池隔膜", title_en="Solid separator"
    )
    tell(enterprise_member, listing)
    html = client_for(enterprise_member).get(INBOX).content.decode()
    assert "<h1>通知</h1>" in html
    assert "新的匹配" in html
    assert "固态电池隔膜" in html
    assert "全部标为已读" in html


def test_opening_a_notification_goes_to_its_object(client_for, enterprise_member, listings):
    notification = tell(enterprise_member, listings[0])
    response = client_for(enterprise_member).get(
        reverse("notifications:open", args=[notification.pk])
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:inbox")  # listings have no URL method
    notification.payload = {"url": f"/achievements/{listings[0].pk}/"}
    notification.save()
    response = client_for(enterprise_member).get(
        reverse("notifications:open", args=[notification.pk])
    )
    assert response["Location"] == f"/achievements/{listings[0].pk}/"


def test_a_payload_url_to_another_site_is_not_followed(client_for, enterprise_member, listings):
    notification = tell(enterprise_member, listings[0])
    notification.payload = {"url": "https://evil.example/phish"}
    notification.save()
    response = client_for(enterprise_member).get(
        reverse("notifications:open", args=[notification.pk])
    )
    assert response["Location"] == reverse("notifications:inbox")


def test_something_no_longer_visible_shows_no_title(client_for, tto_a, university_a, listings):
    secret = DisclosureFactory.create(institution=university_a, title="Secret invention")
    tell(tto_a, secret, kind=Kind.INQUIRY, reason="disclosure-submitted")
    tell(tto_a, listings[0])
    client = client_for(tto_a)
    assert "Secret invention" in client.get(INBOX).content.decode()  # the TTO may see it

    # The officer leaves the TTO: the disclosure and the draft are no longer theirs to see.
    tto_a.memberships.update(status="rejected")
    Achievement.objects.filter(pk=listings[0].pk).update(status=Achievement.Status.DRAFT)
    html = client_for(tto_a).get(INBOX).content.decode()
    assert "Secret invention" not in html
    assert "Listing 0" not in html
    assert html.count("No longer available") == 2
    first = Notification.objects.earliest("created_at")
    opened = client.get(reverse("notifications:open", args=[first.pk]))
    assert opened["Location"] == INBOX
