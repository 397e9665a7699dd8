"""Material edits of a published listing wait for review; the live version stays public."""

from decimal import Decimal

import pytest

from achievements.models import Achievement, AchievementRevision
from achievements.services import (
    achievement_approve,
    achievement_reject,
    achievement_request_changes,
    achievement_save,
    achievement_submit,
    revision_discard,
)
from achievements.tests.factories import AchievementFactory, PatentFactory
from portal.audit import history

pytestmark = pytest.mark.django_db

R = AchievementRevision.Status


@pytest.fixture
def live(university_a, tto_a) -> Achievement:
    listing = AchievementFactory.create(
        institution=university_a,
        created_by=tto_a,
        title_en="Old title",
        summary_en="Old summary",
        price_negotiable=False,
        price_min=Decimal(100000),
    )
    PatentFactory.create(achievement=listing, number="ZL2020000001.1")
    return listing


def public_view(listing: Achievement, viewer) -> Achievement:
    return Achievement.objects.visible_to(viewer).get(pk=listing.pk)


def test_a_material_edit_waits_for_review_and_the_public_sees_the_old_text(
    live, tto_a, enterprise_member
):
    achievement_save(
        actor=tto_a, achievement=live, values={"title_en": "Unreviewed claim: cures everything"}
    )
    seen = public_view(live, enterprise_member)
    assert seen.title_en == "Old title"
    revision = live.revisions.get()
    assert revision.status == R.PENDING
    assert revision.data["title_en"] == "Unreviewed claim: cures everything"


def test_a_non_material_edit_goes_live_at_once(live, tto_a, enterprise_member):
    achievement_save(actor=tto_a, achievement=live, values={"trl": 7, "keywords": ["graphene"]})
    seen = public_view(live, enterprise_member)
    assert (seen.trl, seen.keywords) == (7, ["graphene"])
    assert not live.revisions.exists()


def test_a_price_or_patent_change_is_material(live, tto_a, enterprise_member):
    achievement_save(
        actor=tto_a,
        achievement=live,
        values={"price_min": Decimal(1)},
        patents=[
            {
                "jurisdiction": "CN",
                "number": "ZL2099",
                "kind": "invention",
                "status": "granted",
                "filing_date": "",
                "grant_date": "",
                "title": "",
            }
        ],
    )
    seen = public_view(live, enterprise_member)
    assert seen.price_min == Decimal(100000)
    assert [p.number for p in seen.patents.all()] == ["ZL2020000001.1"]


def test_approval_applies_the_revision(live, tto_a, moderator, enterprise_member):
    achievement_save(actor=tto_a, achievement=live, values={"title_en": "New title"})
    achievement_submit(actor=tto_a, achievement=live)
    assert live.revisions.get().status == R.SUBMITTED
    assert Achievement.objects.moderatable_by(moderator).filter(pk=live.pk).exists()

    achievement_approve(actor=moderator, target=live, reason="Accurate")

    assert public_view(live, enterprise_member).title_en == "New title"
    assert live.revisions.get().status == R.APPLIED
    assert history(live)[0].action == "revision_approve"
    live.refresh_from_db()
    assert live.status == Achievement.Status.PUBLISHED


def test_a_rejected_revision_leaves_the_live_version(live, tto_a, moderator, enterprise_member):
    achievement_save(actor=tto_a, achievement=live, values={"summary_en": "Exaggerated"})
    achievement_submit(actor=tto_a, achievement=live)
    achievement_reject(actor=moderator, target=live, reason="Unsupported claim")
    assert public_view(live, enterprise_member).summary_en == "Old summary"
    assert live.revisions.get().status == R.REJECTED
    live.refresh_from_db()
    assert live.status == Achievement.Status.PUBLISHED


def test_changes_requested_on_a_revision_are_fixed_and_resubmitted(live, tto_a, moderator):
    achievement_save(actor=tto_a, achievement=live, values={"title_en": "Tpyo"})
    achievement_submit(actor=tto_a, achievement=live)
    achievement_request_changes(actor=moderator, target=live, reason="Spelling")
    assert live.revisions.get().status == R.CHANGES_REQUESTED

    achievement_save(actor=tto_a, achievement=live, values={"title_en": "Typo fixed"})
    achievement_submit(actor=tto_a, achievement=live)
    achievement_approve(actor=moderator, target=live, reason="ok")
    live.refresh_from_db()
    assert live.title_en == "Typo fixed"


def test_editing_back_to_the_live_values_drops_the_revision(live, tto_a):
    achievement_save(actor=tto_a, achievement=live, values={"title_en": "New"})
    achievement_save(actor=tto_a, achievement=live, values={"title_en": "Old title"})
    assert live.revisions.get().status == R.DISCARDED


def test_the_owner_discards_pending_changes(live, tto_a):
    achievement_save(actor=tto_a, achievement=live, values={"title_en": "New"})
    revision_discard(actor=tto_a, achievement=live)
    assert live.revisions.get().status == R.DISCARDED


def test_an_invalid_material_edit_is_refused_whole(live, tto_a):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        achievement_save(
            actor=tto_a,
            achievement=live,
            values={"title_en": "", "title_zh": "", "trl": 8},
        )
    live.refresh_from_db()
    assert live.trl == 5
    assert not live.revisions.exists()
