"""Disclosures: draft → submitted → under review → accepted / declined → converted."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from achievements.models import Achievement, Disclosure
from achievements.services import (
    DisclosureInventorData,
    disclosure_accept,
    disclosure_convert,
    disclosure_decline,
    disclosure_save,
    disclosure_start_review,
    disclosure_submit,
)
from achievements.tests.factories import DisclosureFactory, DisclosureInventorFactory
from experts.tests.factories import ExpertFactory
from moderation.workflow import TransitionNotAllowed
from portal.audit import history

pytestmark = pytest.mark.django_db

S = Disclosure.Status


def draft_by(researcher, institution, *shares: str) -> Disclosure:
    return disclosure_save(
        actor=researcher,
        institution=institution,
        values={"title": "A self-healing polymer", "abstract": "Heals cracks at room temperature."},
        inventors=[
            DisclosureInventorData(name=f"Inventor {n}", share=Decimal(share))
            for n, share in enumerate(shares or ("100",))
        ],
        prior_disclosures=[],
    )


def reviewed(disclosure, tto) -> Disclosure:
    disclosure = disclosure_submit(actor=disclosure.submitter, disclosure=disclosure)
    return disclosure_start_review(actor=tto, disclosure=disclosure)


def test_a_researcher_drafts_and_submits_a_disclosure(researcher_a, university_a):
    disclosure = draft_by(researcher_a, university_a, "60", "40")
    assert disclosure.status == S.DRAFT

    submitted = disclosure_submit(actor=researcher_a, disclosure=disclosure)

    assert submitted.status == S.SUBMITTED
    assert submitted.submitted_at is not None
    entry = history(submitted)[0]
    assert (entry.action, entry.from_state, entry.to_state) == (
        "submit",
        "draft",
        "submitted",
    )


def test_shares_that_do_not_add_up_to_100_cannot_be_submitted(researcher_a, university_a):
    disclosure = draft_by(researcher_a, university_a, "60", "30")
    with pytest.raises(ValidationError) as error:
        disclosure_submit(actor=researcher_a, disclosure=disclosure)
    assert "90%" in str(error.value.message_dict["inventors"])
    disclosure.refresh_from_db()
    assert disclosure.status == S.DRAFT


def test_a_disclosure_without_inventors_cannot_be_submitted(researcher_a, university_a):
    disclosure = disclosure_save(
        actor=researcher_a,
        institution=university_a,
        values={"title": "Nobody invented this", "abstract": "x"},
        inventors=[],
        prior_disclosures=[],
    )
    with pytest.raises(ValidationError, match="at least one inventor"):
        disclosure_submit(actor=researcher_a, disclosure=disclosure)


def test_a_researcher_cannot_file_for_an_institution_they_do_not_belong_to(
    researcher_a, university_b
):
    with pytest.raises(ValidationError):
        draft_by(researcher_a, university_b)


def test_a_researcher_cannot_see_or_edit_anothers_disclosure(
    researcher_a, university_a, client_for
):
    from accounts.tests.factories import MembershipFactory, UserFactory

    colleague = MembershipFactory.create(
        organization=university_a, role="researcher", user=UserFactory.create()
    ).user
    disclosure = draft_by(researcher_a, university_a)
    assert not Disclosure.objects.visible_to(colleague).filter(pk=disclosure.pk).exists()
    with pytest.raises(PermissionDenied):
        disclosure_save(
            actor=colleague,
            disclosure=disclosure,
            values={"title": "Mine now"},
            inventors=[],
            prior_disclosures=[],
        )


def test_the_tto_sees_a_disclosure_only_once_it_is_submitted(researcher_a, university_a, tto_a):
    disclosure = draft_by(researcher_a, university_a)
    assert not Disclosure.objects.visible_to(tto_a).filter(pk=disclosure.pk).exists()
    disclosure_submit(actor=researcher_a, disclosure=disclosure)
    assert Disclosure.objects.visible_to(tto_a).filter(pk=disclosure.pk).exists()


def test_an_inventor_with_a_login_sees_the_disclosure(researcher_a, university_a, expert_user):
    disclosure = DisclosureFactory.create(institution=university_a, submitter=researcher_a)
    DisclosureInventorFactory.create(disclosure=disclosure, user=expert_user)
    assert Disclosure.objects.visible_to(expert_user).filter(pk=disclosure.pk).exists()


def test_another_universitys_tto_cannot_review(researcher_a, university_a, tto_b):
    disclosure = disclosure_submit(
        actor=researcher_a, disclosure=draft_by(researcher_a, university_a)
    )
    assert not Disclosure.objects.visible_to(tto_b).filter(pk=disclosure.pk).exists()
    with pytest.raises(PermissionDenied):
        disclosure_start_review(actor=tto_b, disclosure=disclosure)


def test_the_submitter_cannot_accept_their_own_disclosure(researcher_a, university_a, tto_a):
    disclosure = reviewed(draft_by(researcher_a, university_a), tto_a)
    with pytest.raises(PermissionDenied):
        disclosure_accept(actor=researcher_a, disclosure=disclosure)


def test_accepting_tells_the_submitter(
    researcher_a, university_a, tto_a, django_capture_on_commit_callbacks
):
    disclosure = reviewed(draft_by(researcher_a, university_a), tto_a)
    with django_capture_on_commit_callbacks(execute=True):
        accepted = disclosure_accept(actor=tto_a, disclosure=disclosure)
    assert accepted.status == S.ACCEPTED
    assert [m.to for m in mail.outbox] == [[researcher_a.email]]


def test_declining_needs_a_reason_and_keeps_it(researcher_a, university_a, tto_a):
    disclosure = reviewed(draft_by(researcher_a, university_a), tto_a)
    with pytest.raises(ValidationError) as error:
        disclosure_decline(actor=tto_a, disclosure=disclosure, reason="  ")
    assert "reason" in error.value.message_dict

    declined = disclosure_decline(actor=tto_a, disclosure=disclosure, reason="Prior art: X 2019")
    assert declined.status == S.DECLINED
    assert declined.decline_reason == "Prior art: X 2019"
    assert history(declined)[0].reason == "Prior art: X 2019"


def test_a_submitted_disclosure_cannot_be_accepted_before_review(researcher_a, university_a, tto_a):
    disclosure = disclosure_submit(
        actor=researcher_a, disclosure=draft_by(researcher_a, university_a)
    )
    with pytest.raises(TransitionNotAllowed):
        disclosure_accept(actor=tto_a, disclosure=disclosure)


def test_a_declined_disclosure_cannot_be_converted(researcher_a, university_a, tto_a):
    disclosure = reviewed(draft_by(researcher_a, university_a), tto_a)
    disclosure = disclosure_decline(actor=tto_a, disclosure=disclosure, reason="Not novel")
    with pytest.raises(TransitionNotAllowed):
        disclosure_convert(actor=tto_a, disclosure=disclosure)
    assert not Achievement.objects.exists()


def test_conversion_creates_a_prefilled_draft_listing_linked_back(
    researcher_a, university_a, tto_a
):
    disclosure = draft_by(researcher_a, university_a)
    disclosure.inventors.update(user=researcher_a)
    expert = ExpertFactory.create(user=researcher_a)
    disclosure = disclosure_accept(actor=tto_a, disclosure=reviewed(disclosure, tto_a))

    listing = disclosure_convert(actor=tto_a, disclosure=disclosure)

    disclosure.refresh_from_db()
    assert disclosure.status == S.CONVERTED
    assert listing.status == Achievement.Status.DRAFT
    assert listing.source_disclosure == disclosure
    assert listing.title_en == "A self-healing polymer"
    assert listing.summary_en == "Heals cracks at room temperature."
    assert listing.institution == university_a
    assert [(i.name, i.expert) for i in listing.inventors.all()] == [("Inventor 0", expert)]


def test_converting_twice_returns_the_same_listing(researcher_a, university_a, tto_a):
    disclosure = disclosure_accept(
        actor=tto_a, disclosure=reviewed(draft_by(researcher_a, university_a), tto_a)
    )
    first = disclosure_convert(actor=tto_a, disclosure=disclosure)
    second = disclosure_convert(actor=tto_a, disclosure=disclosure)
    assert first.pk == second.pk
    assert Achievement.objects.count() == 1


def test_a_retried_submit_writes_one_audit_row(researcher_a, university_a):
    disclosure = draft_by(researcher_a, university_a)
    disclosure_submit(actor=researcher_a, disclosure=disclosure)
    disclosure_submit(actor=researcher_a, disclosure=disclosure)
    assert [e.action for e in history(disclosure)] == ["submit", "create"]


def test_a_chinese_disclosure_fills_the_chinese_fields(researcher_a, university_a, tto_a):
    disclosure = disclosure_save(
        actor=researcher_a,
        institution=university_a,
        values={"title": "自愈合高分子材料", "abstract": "室温下可自动修复裂纹。"},
        inventors=[DisclosureInventorData(name="张三", share=Decimal(100))],
        prior_disclosures=[],
    )
    disclosure = disclosure_accept(actor=tto_a, disclosure=reviewed(disclosure, tto_a))
    listing = disclosure_convert(actor=tto_a, disclosure=disclosure)
    assert (listing.title_zh, listing.title_en) == ("自愈合高分子材料", "")
