"""The enterprise's need pages: dashboard, editor, owner actions, history."""

import datetime as dt

import pytest
from django.utils import timezone

from needs.models import Need
from needs.tests.factories import NeedFactory
from portal.audit import history
from portal.models import Field

pytestmark = pytest.mark.django_db


def test_a_member_creates_a_need_through_the_editor(client_for, enterprise, enterprise_member):
    client = client_for(enterprise_member)
    assert client.get("/needs/new/").status_code == 200
    field = Field.objects.filter(parent__isnull=False)[0]
    deadline = timezone.localdate() + dt.timedelta(days=30)
    response = client.post(
        "/needs/new/",
        {
            "title": "Silent gearboxes",
            "description": "**Quiet** gearboxes for lifts.",
            "keywords": "gearbox; 降噪",
            "fields": [field.pk],
            "trl_min": 4,
            "trl_max": 7,
            "budget_negotiable": "on",
            "currency": "CNY",
            "deadline": deadline.isoformat(),
            "cooperation_modes": ["joint-development"],
        },
    )
    need = Need.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/needs/{need.pk}/"
    assert (need.status, need.keywords, need.deadline) == ("draft", ["gearbox", "降噪"], deadline)
    assert list(need.fields.all()) == [field]
    page = client.get(f"/needs/{need.pk}/").content.decode()
    assert "<strong>Quiet</strong>" in page
    assert "Submit for review" in page
    assert "/needs/mine/" in client.get("/dashboard/").content.decode()


def test_the_editor_names_the_field_that_is_wrong(client_for, enterprise, enterprise_member):
    client = client_for(enterprise_member)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    base = {"title": "T", "description": "D", "currency": "CNY"}
    page = client.post("/needs/new/", {**base, "trl_min": 8, "trl_max": 3}).content.decode()
    assert "The highest TRL must not be below the lowest one." in page
    page = client.post("/needs/new/", {**base, "budget_min": 9, "budget_max": 1}).content.decode()
    assert "The upper budget must not be below the lower one." in page
    page = client.post("/needs/new/", {**base, "deadline": yesterday.isoformat()}).content.decode()
    assert "The deadline cannot be in the past." in page
    assert not Need.objects.exists()


def test_owner_actions_and_the_moderators_reason(
    client_for, enterprise, enterprise_member, moderator
):
    need = NeedFactory.create(organization=enterprise, status="draft", published_at=None)
    client = client_for(enterprise_member)
    client.post(f"/needs/{need.pk}/submit/")
    moderator_client = client_for(moderator)
    moderator_client.post(
        f"/moderation/need/{need.pk}/", {"decision": "request_changes", "reason": "Add a budget"}
    )
    page = client.get(f"/needs/{need.pk}/").content.decode()
    assert "Add a budget" in page
    assert "Changes requested" in page
    history_page = client.get(f"/needs/{need.pk}/history/").content.decode()
    assert "Add a budget" in history_page
    client.post(f"/needs/{need.pk}/submit/")
    moderator_client.post(f"/moderation/need/{need.pk}/", {"decision": "approve", "reason": "OK"})
    client.post(f"/needs/{need.pk}/close/", {"reason": "Found a partner"})
    need.refresh_from_db()
    assert need.status == "closed"
    assert history(need).order_by("-pk")[0].reason == "Found a partner"


def test_a_refused_action_is_a_message_and_a_stranger_a_403(
    client_for, enterprise, enterprise_member, tto_a
):
    need = NeedFactory.create(organization=enterprise)
    response = client_for(enterprise_member).post(f"/needs/{need.pk}/submit/", follow=True)
    assert "This cannot be done while the item is" in response.content.decode()
    assert client_for(tto_a).post(f"/needs/{need.pk}/close/").status_code == 403
    assert client_for(tto_a).get(f"/needs/{need.pk}/edit/").status_code == 403
    assert client_for(tto_a).get(f"/needs/{need.pk}/history/").status_code == 403


def test_the_dashboard_lists_every_state_of_the_members_needs(
    client_for, enterprise, enterprise_member
):
    expired = NeedFactory.create(organization=enterprise, status="expired", title="Old need")
    other = NeedFactory.create(title="Someone else's need")
    page = client_for(enterprise_member).get("/needs/mine/").content.decode()
    assert f'href="/needs/{expired.pk}/"' in page
    assert f'href="/needs/{other.pk}/"' not in page
    assert 'href="/needs/mine/"' in page  # the navigation link


def test_expired_is_shown_clearly(client_for, enterprise, enterprise_member):
    need = NeedFactory.create(
        organization=enterprise,
        status="expired",
        deadline=timezone.localdate() - dt.timedelta(days=3),
    )
    page = client_for(enterprise_member).get(f"/needs/{need.pk}/").content.decode()
    assert 'data-status="expired"' in page
    assert ">expired</span>" in page
