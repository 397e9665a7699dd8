"""The need lifecycle in needs/services.py: who may do what, in which state, and what it leaves."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from matching.notifications.messages import message_for, subject_for
from matching.notifications.models import Notification
from moderation.queue import moderation_queue
from moderation.services import Decision, moderation_decide, report_create, report_resolve
from moderation.workflow import TransitionNotAllowed
from needs import services
from needs.models import Need
from needs.tasks import expire_due
from needs.tests.factories import NeedFactory
from portal import search
from portal.audit import history

pytestmark = pytest.mark.django_db
S = Need.Status


def _tomorrow() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=1)


def _draft(member, enterprise, **values):
    return services.need_save(
        actor=member,
        organization=enterprise,
        values={"title": "Low-noise bearings", "description": "For wind turbines.", **values},
    )


def _in_search(need: Need) -> bool:
    return any(hit.object.pk == need.pk for hit in search.search(need.title, types=["need"]).hits)


def test_a_member_drafts_submits_and_a_moderator_publishes(
    enterprise_member, enterprise, moderator
):
    need = _draft(enterprise_member, enterprise, deadline=_tomorrow())
    assert need.status == S.DRAFT
    assert need.created_by == enterprise_member
    need = services.need_submit(actor=enterprise_member, need=need)
    assert need.status == S.SUBMITTED
    assert [item.target for item in moderation_queue(moderator, kind="need")] == [need]

    moderation_decide(
        actor=moderator, kind="need", target=need, decision=Decision.APPROVE, reason="Clear"
    )

    need.refresh_from_db()
    assert need.status == S.PUBLISHED
    assert need.published_at is not None
    assert [e.action for e in history(need).order_by("pk")] == ["create", "submit", "approve"]
    note = Notification.objects.get(recipient=enterprise_member, object_id=need.pk)
    assert note.kind == "moderation"
    assert note.payload["decision"] == "approved"
    assert _in_search(need)


def test_changes_requested_then_resubmitted(enterprise_member, enterprise, moderator):
    need = services.need_submit(actor=enterprise_member, need=_draft(enterprise_member, enterprise))
    services.need_request_changes(actor=moderator, target=need, reason="Name the power range")
    need.refresh_from_db()
    assert need.status == S.CHANGES_REQUESTED
    need = services.need_save(
        actor=enterprise_member, need=need, values={"description": "For 2–5 MW turbines."}
    )
    assert services.need_submit(actor=enterprise_member, need=need).status == S.SUBMITTED
    assert history(need).filter(action="request_changes").get().reason == "Name the power range"


def test_a_second_submit_changes_nothing(enterprise_member, enterprise):
    need = services.need_submit(actor=enterprise_member, need=_draft(enterprise_member, enterprise))
    again = services.need_submit(actor=enterprise_member, need=need)
    assert again.status == S.SUBMITTED
    assert history(need).filter(action="submit").count() == 1


def test_other_people_are_refused(enterprise_member, enterprise, tto_a, moderator):
    need = _draft(enterprise_member, enterprise)
    with pytest.raises(PermissionDenied):
        services.need_submit(actor=tto_a, need=need)
    with pytest.raises(PermissionDenied):
        services.need_save(actor=tto_a, need=need, values={"title": "Hijacked"})
    with pytest.raises(PermissionDenied):
        services.need_save(actor=tto_a, organization=enterprise, values={"title": "x"})
    services.need_submit(actor=enterprise_member, need=need)
    with pytest.raises(PermissionDenied):  # a member cannot approve their own need
        services.need_approve(actor=enterprise_member, target=need, reason="Fine")


def test_wrong_state_is_not_allowed_and_names_the_state(enterprise_member, enterprise):
    need = _draft(enterprise_member, enterprise)
    with pytest.raises(TransitionNotAllowed, match="Draft"):
        services.need_close(actor=enterprise_member, need=need)
    submitted = services.need_submit(actor=enterprise_member, need=need)
    with pytest.raises(TransitionNotAllowed):
        services.need_save(actor=enterprise_member, need=submitted, values={"title": "Frozen"})


def test_withdraw_takes_it_back_to_draft(enterprise_member, enterprise, moderator):
    need = services.need_submit(actor=enterprise_member, need=_draft(enterprise_member, enterprise))
    need = services.need_withdraw(actor=enterprise_member, need=need)
    assert need.status == S.DRAFT
    assert moderation_queue(moderator, kind="need") == []
    assert services.need_withdraw(actor=enterprise_member, need=need).status == S.DRAFT


def test_validation_names_the_field(enterprise_member, enterprise):
    with pytest.raises(ValidationError) as trl:
        _draft(enterprise_member, enterprise, trl_min=7, trl_max=3)
    assert "trl_max" in trl.value.message_dict
    with pytest.raises(ValidationError) as budget:
        _draft(enterprise_member, enterprise, budget_min=Decimal(9), budget_max=Decimal(1))
    assert "budget_max" in budget.value.message_dict
    with pytest.raises(ValidationError) as past:
        _draft(enterprise_member, enterprise, deadline=timezone.localdate() - dt.timedelta(days=1))
    assert "deadline" in past.value.message_dict
    assert not Need.objects.exists()


def test_a_deadline_that_passed_while_in_draft_blocks_submitting(enterprise_member, enterprise):
    need = _draft(enterprise_member, enterprise)
    Need.objects.filter(pk=need.pk).update(deadline=timezone.localdate() - dt.timedelta(days=2))
    with pytest.raises(ValidationError) as error:
        services.need_submit(actor=enterprise_member, need=need)
    assert "deadline" in error.value.message_dict
    need.refresh_from_db()
    assert need.status == S.DRAFT


def test_a_material_edit_of_a_published_need_goes_back_to_review(enterprise_member, enterprise):
    need = NeedFactory.create(organization=enterprise, created_by=enterprise_member)
    search.index_objects(Need, [need.pk])
    need = services.need_save(actor=enterprise_member, need=need, values={"keywords": ["wind"]})
    assert need.status == S.PUBLISHED  # not material: applies at once, audited
    [edit] = history(need)
    assert edit.action == "edit"
    assert edit.reason == "Changed: keywords"

    need = services.need_save(
        actor=enterprise_member, need=need, values={"title": "Quieter bearings"}
    )
    assert need.status == S.SUBMITTED
    assert history(need).order_by("-pk")[0].action == "edit_review"
    assert not Need.objects.visible_to(AnonymousUser()).filter(pk=need.pk).exists()
    assert not _in_search(need)


def test_close_and_fulfil(enterprise_member, enterprise):
    first = NeedFactory.create(organization=enterprise)
    second = NeedFactory.create(organization=enterprise)
    assert (
        services.need_close(actor=enterprise_member, need=first, reason="Done").status == "closed"
    )
    assert services.need_mark_fulfilled(actor=enterprise_member, need=second).status == "fulfilled"
    with pytest.raises(TransitionNotAllowed):
        services.need_mark_fulfilled(actor=enterprise_member, need=first)


def test_expiry_is_audited_notifies_and_runs_once(enterprise_member, enterprise):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    due = NeedFactory.create(
        organization=enterprise, created_by=enterprise_member, deadline=yesterday
    )
    today = NeedFactory.create(organization=enterprise, deadline=timezone.localdate())
    open_ended = NeedFactory.create(organization=enterprise, deadline=None)
    search.index_objects(Need, [due.pk])

    assert expire_due() == 1
    assert expire_due() == 0

    due.refresh_from_db()
    assert due.status == S.EXPIRED
    [entry] = history(due)
    assert entry.action == "expire"
    assert entry.actor is None
    assert yesterday.isoformat() in entry.reason
    note = Notification.objects.get(recipient=enterprise_member, object_id=due.pk)
    assert note.kind == "reminder"
    assert note.payload["event"] == "need_expired"
    text = message_for(kind="reminder", payload=note.payload, title=due.title)
    assert f"“{due.title}” passed its deadline ({yesterday.isoformat()})" in text
    assert subject_for(kind="reminder", payload=note.payload, title=due.title).endswith("expired")
    assert Need.objects.get(pk=today.pk).status == S.PUBLISHED
    assert Need.objects.get(pk=open_ended.pk).status == S.PUBLISHED
    assert not _in_search(due)


def test_an_abuse_report_can_take_a_need_down(enterprise_member, enterprise, moderator, tto_a):
    need = NeedFactory.create(organization=enterprise, created_by=enterprise_member)
    report = report_create(reporter=tto_a, target=need, reason="spam", details="An advert")
    report_resolve(actor=moderator, report=report, outcome="taken_down", reason="Advertising")
    need.refresh_from_db()
    assert need.status == S.CLOSED
    assert history(need).get().action == "take_down"
