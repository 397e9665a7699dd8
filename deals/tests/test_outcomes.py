"""Outcome services: recording, correcting and withdrawing deals; what a listing announces."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from achievements.tests.factories import AchievementFactory
from deals.models import Outcome
from deals.services import OutcomeData, outcome_record, outcome_update, outcome_withdraw
from moderation.workflow import TransitionNotAllowed
from portal.audit import history

pytestmark = pytest.mark.django_db


def deal(**extra):
    values = {
        "kind": "exclusive-licence",
        "signed_on": timezone.localdate() - dt.timedelta(days=1),
        "counterparty_name": "Hangzhou Separator Co.",
        "value": Decimal("1500000.00"),
        "show_on_listing": True,
    }
    return OutcomeData(**{**values, **extra})


def test_the_tto_records_an_outcome_and_the_listing_announces_it(tto_a, listing):
    outcome = outcome_record(actor=tto_a, achievement=listing, data=deal())
    assert outcome.recorded_by == tto_a
    assert [e.action for e in history(outcome)] == ["record_outcome"]
    assert list(Outcome.objects.announced()) == [outcome]
    assert outcome.public_label == "Licensed"


def test_the_counterparty_may_be_a_registered_organisation(tto_a, listing, enterprise):
    outcome = outcome_record(
        actor=tto_a,
        achievement=listing,
        data=deal(counterparty_name="", counterparty_organization=enterprise),
    )
    assert outcome.counterparty == str(enterprise)


def test_a_hidden_outcome_or_one_of_an_unpublished_listing_is_not_announced(
    tto_a, listing, university_a
):
    outcome_record(actor=tto_a, achievement=listing, data=deal(show_on_listing=False))
    archived = AchievementFactory.create(institution=university_a, status="archived")
    outcome_record(actor=tto_a, achievement=archived, data=deal())
    assert not Outcome.objects.announced().exists()


def test_the_record_is_the_ttos_alone(
    tto_a, tto_b, enterprise_member, moderator, researcher_a, anonymous_client, listing
):
    outcome = outcome_record(actor=tto_a, achievement=listing, data=deal())
    assert Outcome.objects.visible_to(tto_a).get() == outcome
    for other in (tto_b, enterprise_member, moderator, researcher_a):
        assert not Outcome.objects.visible_to(other).exists()
    page = anonymous_client.get(f"/achievements/{listing.pk}/").content.decode()
    assert "Licensed" in page
    assert "Hangzhou Separator" not in page
    assert "1500000" not in page
    assert "1,500,000" not in page


def test_others_cannot_record_change_or_withdraw(
    tto_b, enterprise_member, moderator, tto_a, listing
):
    outcome = outcome_record(actor=tto_a, achievement=listing, data=deal())
    for other in (tto_b, enterprise_member, moderator):
        with pytest.raises(PermissionDenied):
            outcome_record(actor=other, achievement=listing, data=deal())
        with pytest.raises(PermissionDenied):
            outcome_update(actor=other, outcome=outcome, data=deal(value=None))
        with pytest.raises(PermissionDenied):
            outcome_withdraw(actor=other, outcome=outcome, reason="no")
    assert Outcome.objects.count() == 1


def test_a_draft_listing_has_no_outcome(tto_a, university_a):
    draft = AchievementFactory.create(institution=university_a, status="draft", published_at=None)
    with pytest.raises(TransitionNotAllowed):
        outcome_record(actor=tto_a, achievement=draft, data=deal())


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("counterparty_name", {"counterparty_name": ""}),
        ("signed_on", {"signed_on": dt.date.today() + dt.timedelta(days=30)}),
        ("value", {"value": Decimal("-1")}),
        ("kind", {"kind": "gift"}),
        ("currency", {"currency": "XXX"}),
    ],
)
def test_bad_values_name_the_field_and_write_nothing(tto_a, listing, field, values):
    with pytest.raises(ValidationError) as error:
        outcome_record(actor=tto_a, achievement=listing, data=deal(**values))
    assert field in error.value.message_dict
    assert not Outcome.objects.exists()


def test_the_tto_corrects_and_then_withdraws_an_outcome(tto_a, listing):
    outcome = outcome_record(actor=tto_a, achievement=listing, data=deal())
    outcome_update(actor=tto_a, outcome=outcome, data=deal(show_on_listing=False, value=None))
    outcome.refresh_from_db()
    assert (outcome.show_on_listing, outcome.value) == (False, None)
    with pytest.raises(ValidationError):
        outcome_withdraw(actor=tto_a, outcome=outcome, reason=" ")
    outcome_withdraw(actor=tto_a, outcome=outcome, reason="The licensee withdrew.")
    outcome.refresh_from_db()
    assert outcome.status == Outcome.Status.WITHDRAWN
    assert outcome_withdraw(actor=tto_a, outcome=outcome, reason="again").status == "withdrawn"
    with pytest.raises(TransitionNotAllowed):
        outcome_update(actor=tto_a, outcome=outcome, data=deal())
    assert [e.action for e in history(outcome)] == [
        "withdraw_outcome",
        "edit_outcome",
        "record_outcome",
    ]
