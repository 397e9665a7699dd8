"""Listings: draft → submitted → published / changes requested / rejected → archived."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from achievements.models import Achievement
from achievements.services import (
    achievement_approve,
    achievement_reject,
    achievement_request_changes,
    achievement_save,
    achievement_submit,
    achievement_take_down,
    achievement_withdraw,
)
from achievements.tests.factories import AchievementFactory
from moderation.services import Decision, moderation_decide
from moderation.workflow import TransitionNotAllowed
from portal.audit import history

pytestmark = pytest.mark.django_db

S = Achievement.Status


@pytest.fixture
def draft(tto_a, university_a) -> Achievement:
    return achievement_save(
        actor=tto_a,
        institution=university_a,
        values={"title_en": "Graphene heat spreader", "summary_en": "Cools phones."},
    )


def test_an_officer_creates_a_draft_for_their_institution(draft, tto_a):
    assert draft.status == S.DRAFT
    assert draft.created_by == tto_a
    assert history(draft)[0].action == "create"


def test_an_officer_cannot_create_a_listing_for_another_institution(tto_b, university_a):
    with pytest.raises(PermissionDenied):
        achievement_save(actor=tto_b, institution=university_a, values={"title_en": "Mine"})


def test_a_researcher_cannot_create_listings(researcher_a, university_a):
    with pytest.raises(PermissionDenied):
        achievement_save(actor=researcher_a, institution=university_a, values={"title_en": "X"})


def test_a_listing_needs_a_title_in_one_language(tto_a, university_a):
    with pytest.raises(ValidationError):
        achievement_save(actor=tto_a, institution=university_a, values={"summary_en": "x"})
    assert not Achievement.objects.exists()


def test_a_chinese_only_listing_is_fine(tto_a, university_a):
    listing = achievement_save(actor=tto_a, institution=university_a, values={"title_zh": "石墨烯"})
    assert listing.title == "石墨烯"


def test_an_inverted_price_range_names_the_problem(draft, tto_a):
    from decimal import Decimal

    with pytest.raises(ValidationError):
        achievement_save(
            actor=tto_a,
            achievement=draft,
            values={"price_min": Decimal(10), "price_max": Decimal(5)},
        )


def test_an_officer_of_university_b_cannot_touch_university_as_listing(draft, tto_b):
    with pytest.raises(PermissionDenied):
        achievement_save(actor=tto_b, achievement=draft, values={"title_en": "Hijacked"})
    with pytest.raises(PermissionDenied):
        achievement_submit(actor=tto_b, achievement=draft)
    draft.refresh_from_db()
    assert (draft.title_en, draft.status) == ("Graphene heat spreader", S.DRAFT)


def test_the_full_lifecycle_writes_every_step_to_the_audit_log(
    draft, tto_a, moderator, django_capture_on_commit_callbacks
):
    achievement_submit(actor=tto_a, achievement=draft)
    with django_capture_on_commit_callbacks(execute=True):
        achievement_request_changes(actor=moderator, target=draft, reason="Add a TRL")
    achievement_save(actor=tto_a, achievement=draft, values={"trl": 4})
    achievement_submit(actor=tto_a, achievement=draft)
    with django_capture_on_commit_callbacks(execute=True):
        published = achievement_approve(actor=moderator, target=draft, reason="Looks good")

    assert published.status == S.PUBLISHED
    assert published.published_at is not None
    assert published.confirmed_current_at is not None
    steps = [(e.action, e.from_state, e.to_state, e.reason) for e in history(draft)][::-1]
    assert steps == [
        ("create", "", "draft", ""),
        ("submit", "draft", "submitted", ""),
        ("request_changes", "submitted", "changes_requested", "Add a TRL"),
        ("submit", "changes_requested", "submitted", ""),
        ("approve", "submitted", "published", "Looks good"),
    ]
    assert [m.to for m in mail.outbox] == [[tto_a.email], [tto_a.email]]
    assert "Add a TRL" in mail.outbox[0].body


def test_a_rejected_listing_cannot_be_published_without_resubmission(draft, tto_a, moderator):
    achievement_submit(actor=tto_a, achievement=draft)
    achievement_reject(actor=moderator, target=draft, reason="Not a technology")
    with pytest.raises(TransitionNotAllowed):
        achievement_approve(actor=moderator, target=draft, reason="Changed my mind")
    # Rejected is frozen: it cannot be edited or submitted again, only withdrawn.
    with pytest.raises(TransitionNotAllowed):
        achievement_submit(actor=tto_a, achievement=draft)
    with pytest.raises(TransitionNotAllowed):
        achievement_save(actor=tto_a, achievement=draft, values={"title_en": "Reworded"})
    assert achievement_withdraw(actor=tto_a, achievement=draft).status == S.ARCHIVED
    draft.refresh_from_db()
    assert draft.published_at is None


def test_a_draft_cannot_be_approved(draft, moderator):
    with pytest.raises(TransitionNotAllowed):
        achievement_approve(actor=moderator, target=draft, reason="Sure")


def test_every_decision_needs_a_reason(draft, tto_a, moderator):
    achievement_submit(actor=tto_a, achievement=draft)
    for decision in Decision:
        with pytest.raises(ValidationError) as error:
            moderation_decide(
                actor=moderator, kind="achievement", target=draft, decision=decision, reason=""
            )
        assert "reason" in error.value.message_dict
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED


def test_only_moderators_decide(draft, tto_a):
    achievement_submit(actor=tto_a, achievement=draft)
    with pytest.raises(PermissionDenied):
        achievement_approve(actor=tto_a, target=draft, reason="I approve of myself")


def test_a_retried_approval_changes_nothing(
    draft, tto_a, moderator, django_capture_on_commit_callbacks
):
    achievement_submit(actor=tto_a, achievement=draft)
    with django_capture_on_commit_callbacks(execute=True):
        achievement_approve(actor=moderator, target=draft, reason="Good")
        achievement_approve(actor=moderator, target=draft, reason="Good")
    assert [e.action for e in history(draft)].count("approve") == 1
    assert len(mail.outbox) == 1


def test_the_owner_withdraws_a_published_listing_from_the_site(draft, tto_a, moderator):
    achievement_submit(actor=tto_a, achievement=draft)
    achievement_approve(actor=moderator, target=draft, reason="ok")
    assert achievement_withdraw(actor=tto_a, achievement=draft).status == S.ARCHIVED
    assert not Achievement.objects.visible_to(moderator).published().exists()
    assert achievement_withdraw(actor=tto_a, achievement=draft).status == S.ARCHIVED  # a retry
    assert [e.action for e in history(draft)].count("withdraw") == 1


def test_a_listing_under_review_cannot_be_withdrawn(draft, tto_a):
    achievement_submit(actor=tto_a, achievement=draft)
    with pytest.raises(TransitionNotAllowed):
        achievement_withdraw(actor=tto_a, achievement=draft)


def test_an_archived_listing_is_frozen(draft, tto_a):
    achievement_withdraw(actor=tto_a, achievement=draft)
    with pytest.raises(TransitionNotAllowed):
        achievement_submit(actor=tto_a, achievement=draft)
    with pytest.raises(TransitionNotAllowed):
        achievement_save(actor=tto_a, achievement=draft, values={"trl": 3})


def test_a_moderator_of_the_same_institution_cannot_moderate_it(draft, tto_a, university_a):
    from django.contrib.auth.models import Group

    from accounts.models import MODERATORS_GROUP

    achievement_submit(actor=tto_a, achievement=draft)
    tto_a.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    tto_a = type(tto_a).objects.get(pk=tto_a.pk)
    with pytest.raises(PermissionDenied):
        achievement_approve(actor=tto_a, target=draft, reason="Looks great to me")


def test_an_officer_cannot_take_a_listing_down(tto_a, university_a):
    listing = AchievementFactory.create(institution=university_a)
    with pytest.raises(PermissionDenied):
        achievement_take_down(actor=tto_a, target=listing, reason="Mine")


def test_a_submitted_listing_is_locked_for_editing(draft, tto_a):
    achievement_submit(actor=tto_a, achievement=draft)
    with pytest.raises(TransitionNotAllowed):
        achievement_save(actor=tto_a, achievement=draft, values={"title_en": "Sneaky"})


def test_a_moderator_takes_a_published_listing_down(tto_a, moderator, university_a):
    listing = AchievementFactory.create(institution=university_a)
    taken = achievement_take_down(actor=moderator, target=listing, reason="Fraudulent")
    assert taken.status == S.ARCHIVED
    assert history(listing)[0].reason == "Fraudulent"


def test_visibility_of_each_state(draft, tto_a, tto_b, moderator, enterprise_member):
    def who_sees() -> set[str]:
        people = {
            "tto_a": tto_a,
            "tto_b": tto_b,
            "moderator": moderator,
            "buyer": enterprise_member,
        }
        return {
            name
            for name, user in people.items()
            if Achievement.objects.visible_to(user).filter(pk=draft.pk).exists()
        }

    assert who_sees() == {"tto_a"}
    achievement_submit(actor=tto_a, achievement=draft)
    assert who_sees() == {"tto_a", "moderator"}
    achievement_approve(actor=moderator, target=draft, reason="ok")
    assert who_sees() == {"tto_a", "tto_b", "moderator", "buyer"}
