"""A second kind of content (here: needs, whose own issue comes later) reuses the queue,
the decision service and the notifications by registering, without copying them."""

import pytest
from django.core import mail
from django.db.models import F
from django.urls import reverse

from moderation import registry
from moderation.queue import moderation_queue
from moderation.services import Decision, moderation_decide
from moderation.workflow import transition
from needs.models import Need
from needs.tests.factories import NeedFactory
from portal.audit import history

pytestmark = pytest.mark.django_db


def _decide(to_state):
    def service(*, actor, target, reason):
        return transition(
            target,
            actor=actor,
            action=to_state,
            allowed_from=["submitted"],
            to_state=to_state,
            reason=reason,
        )

    return service


@pytest.fixture
def needs_registered(monkeypatch, enterprise_member):
    monkeypatch.setattr(registry, "_registry", dict(registry._registry))
    registry.register(
        registry.ModeratedType(
            key="need",
            label="Technology need",
            model=Need,
            awaiting_review=lambda user: Need.objects.filter(status="submitted").annotate(
                queued_at=F("updated_at")
            ),
            organization_field="organization",
            approve=_decide("published"),
            request_changes=_decide("changes_requested"),
            reject=_decide("rejected"),
            take_down=_decide("closed"),
            visible_to=Need.objects.visible_to,
            detail_url=lambda need: reverse("need-detail", args=[need.pk]),
            owners=lambda need: [enterprise_member],
        )
    )


def test_a_registered_kind_shares_the_queue_and_the_decisions(
    needs_registered, moderator, enterprise
):
    need = NeedFactory.create(organization=enterprise, status="submitted")
    [item] = moderation_queue(moderator, kind="need")
    assert item.target == need

    moderation_decide(
        actor=moderator, kind="need", target=need, decision=Decision.REJECT, reason="Vague"
    )

    need.refresh_from_db()
    assert need.status == "rejected"
    assert history(need)[0].reason == "Vague"
    assert mail.outbox == []  # notification is the kind's service's choice, via moderation.notify


def test_the_review_page_works_for_the_new_kind(
    needs_registered, moderator, enterprise, client_for
):
    need = NeedFactory.create(organization=enterprise, status="submitted")
    url = reverse("moderation-review", args=["need", need.pk])
    client = client_for(moderator)
    assert client.get(url).status_code == 200
    client.post(url, {"decision": "approve", "reason": "Clear"})
    need.refresh_from_db()
    assert need.status == "published"
