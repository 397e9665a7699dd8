"""The people and objects the permission matrix talks about, built fresh for each test."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import ApiToken, Invitation, Membership, Organization, User
from accounts.services import api_token_create
from accounts.tests.factories import MembershipFactory, UserFactory
from achievements.models import Achievement, AchievementFile, ImportJob
from achievements.tests.factories import (
    AchievementFactory,
    DisclosureFactory,
    DisclosureInventorFactory,
)
from experts.models import Expert
from experts.tests.factories import ExpertFactory
from moderation.models import AbuseReport
from moderation.services import report_create
from needs.tests.factories import NeedFactory


@dataclass
class World:
    users: dict[str, User | None]
    university_a: Organization
    university_b: Organization
    enterprise: Organization

    def user(self, role: str) -> User | None:
        return self.users[role]


def build_world(request: Any) -> World:
    """The conftest's named people, plus manager_a (TTO manager of University A)."""
    get = request.getfixturevalue
    university_a = get("university_a")
    manager_a = MembershipFactory.create(
        user=UserFactory.create(email="manager-a@example.org"),
        organization=university_a,
        role=Membership.Role.TTO_MANAGER,
    ).user
    users: dict[str, User | None] = {
        "anonymous": None,
        "researcher_a": get("researcher_a"),
        "tto_a": get("tto_a"),
        "manager_a": manager_a,
        "tto_b": get("tto_b"),
        "enterprise_member": get("enterprise_member"),
        "expert": get("expert_user"),
        "moderator": get("moderator"),
        "admin": get("admin"),
    }
    return World(users, university_a, get("university_b"), get("enterprise"))


def _achievement(world: World, state: str) -> Achievement:
    return AchievementFactory.create(
        institution=world.university_a,
        created_by=world.user("tto_a"),
        status=state,
        published_at=timezone.now() if state == "published" else None,
        title_en=f"Secret-free test listing in state {state}",
        external_id=f"matrix-{uuid.uuid4().hex[:12]}",  # tells this listing apart in exports
    )


def _disclosure(world: World, state: str) -> Any:
    disclosure = DisclosureFactory.create(
        institution=world.university_a, submitter=world.user("researcher_a"), status=state
    )
    # Complete enough to be submitted: one inventor with the whole share.
    DisclosureInventorFactory.create(disclosure=disclosure, name="Inventor", share=100)
    if state == "converted":  # a converted disclosure has its listing
        AchievementFactory.create(
            institution=world.university_a,
            source_disclosure=disclosure,
            status="draft",
            published_at=None,
        )
    return disclosure


def _need(world: World, state: str) -> Any:
    return NeedFactory.create(
        organization=world.enterprise,
        created_by=world.user("enterprise_member"),
        status=state,
        published_at=timezone.now() if state == "published" else None,
    )


def _expert(world: World, state: str) -> Expert:
    kept = state.startswith("kept_")
    visibility = state.removeprefix("kept_")
    if kept:
        expert = ExpertFactory.create(managed_by=world.university_a)
    else:
        expert = Expert.objects.get(user=world.user("expert"))
    expert.visibility = "registered" if visibility == "registered" else "public"
    expert.is_active = visibility != "unlisted"
    expert.save()
    return expert


def _organization(world: World, state: str) -> Organization:
    organization = world.university_a
    organization.verified = state == "verified"
    organization.save()
    return organization


def _membership(world: World, state: str) -> Membership:
    membership, _created = Membership.objects.update_or_create(
        user=world.user("researcher_a"),
        organization=world.university_a,
        defaults={"status": state, "role": Membership.Role.RESEARCHER},
    )
    return membership


def _invitation(world: World, state: str) -> Invitation:
    return Invitation.objects.create(
        organization=world.university_a,
        email="invitee@example.org",
        role=Membership.Role.TTO_OFFICER,
        invited_by=world.user("manager_a"),
        accepted_at=timezone.now() if state == "accepted" else None,
    )


def _api_token(world: World, state: str) -> ApiToken:
    owner = world.user("tto_a")
    assert owner is not None
    token, _key = api_token_create(user=owner, name="matrix token")
    if state == "revoked":
        token.revoked_at = timezone.now()
        token.save()
    return token


def _create_target(world: World, model: str) -> Organization:
    """For "create": the organisation on whose behalf one would create."""
    return world.enterprise if model == "need" else world.university_a


# --- Added with the pages × API matrix (branch "flow") ----------------------------------------

PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n"
FILE_STATES = {  # state → (the listing's state, whether the file is public)
    "public": ("published", True),
    "confidential": ("published", False),
    "draft_public": ("draft", True),
    "submitted_confidential": ("submitted", False),
}


def _achievement_file(world: World, state: str) -> AchievementFile:
    listing_state, public = FILE_STATES[state]
    record = AchievementFile(
        achievement=_achievement(world, listing_state),
        kind=AchievementFile.Kind.DOCUMENT,
        is_public=public,
        original_name="term sheet.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    record.file.save("listings/matrix.pdf", ContentFile(PDF), save=False)
    record.save()
    return record


def _abuse_report(world: World, state: str) -> AbuseReport:
    reporter = world.user("enterprise_member")
    assert reporter is not None
    report = report_create(
        reporter=reporter,
        target=_achievement(world, "published"),
        reason=AbuseReport.Reason.INACCURATE,
        details="The figures are not in the paper.",
    )
    if state != "open":
        AbuseReport.objects.filter(pk=report.pk).update(status=state, resolved_at=timezone.now())
    return report


def _import_job(world: World, state: str) -> ImportJob:
    return ImportJob.objects.create(
        institution=world.university_a,
        created_by=world.user("tto_a"),
        format=ImportJob.Format.CSV,
        source="imports/matrix.csv",
        original_name="listings.csv",
        status=state,
    )


def _listed_organization(world: World, state: str) -> Organization:
    """An unverified organisation with a published listing: in the public directory."""
    organization = _organization(world, "unverified")
    AchievementFactory.create(institution=organization, status="published")
    return organization


MAKERS: dict[str, Callable[[World, str], Any]] = {
    "achievement": _achievement,
    "disclosure": _disclosure,
    "need": _need,
    "expert": _expert,
    "organization": _organization,
    "membership": _membership,
    "invitation": _invitation,
    "api_token": _api_token,
    "achievement_file": _achievement_file,
    "abuse_report": _abuse_report,
    "import_job": _import_job,
}


def make(world: World, model: str, state: str) -> Any:
    if state == "-":
        return _create_target(world, model)
    if (model, state) == ("organization", "unverified_listed"):
        return _listed_organization(world, state)
    return MAKERS[model](world, state)


# --- deals (docs/deals.md): the objects of the deals lines in table.py ----------------------------


def _published_listing(world: World) -> Achievement:
    return _achievement(world, "published")


def _inquiry(world: World, state: str) -> Any:
    from deals.tests.factories import InquiryFactory, MessageFactory

    inquiry = InquiryFactory.create(
        achievement=_published_listing(world),
        sender=world.user("enterprise_member"),
        organization=world.enterprise,
        status=state,
        closed_at=timezone.now() if state == "closed" else None,
    )
    MessageFactory.create(inquiry=inquiry, author=world.user("enterprise_member"))
    return inquiry


def _access_request_of(world: World, listing: Achievement, state: str) -> Any:
    """enterprise_member's request for the listing's documents, in a matrix state."""
    from datetime import timedelta

    from deals.tests.factories import AccessRequestFactory, NdaAcceptanceFactory

    nda = None
    if state in ("pending_nda", "nda_accepted"):
        nda = _current_nda(world)
    status = {"pending_nda": "pending", "nda_accepted": "pending", "expired": "approved"}
    request = AccessRequestFactory.create(
        achievement=listing,
        requester=world.user("enterprise_member"),
        organization=world.enterprise,
        status=status.get(state, state),
        expires_at=timezone.now() - timedelta(hours=1) if state == "expired" else None,
    )
    if state == "nda_accepted":
        NdaAcceptanceFactory.create(access_request=request, nda=nda)
    return request


def _access_request(world: World, state: str) -> Any:
    return _access_request_of(world, _published_listing(world), state)


def _confidential_file(world: World, state: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from achievements.services import achievement_file_add

    listing = _published_listing(world)
    owner = world.user("tto_a")
    assert owner is not None
    record = achievement_file_add(
        actor=owner,
        achievement=listing,
        upload=SimpleUploadedFile("terms.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n"),
        kind="document",
        is_public=False,
    )
    if state != "none":
        _access_request_of(world, listing, state)
    return record


def _deal_listing(world: World, state: str) -> Achievement:
    return _achievement(world, state)


def _deal_institution(world: World, state: str) -> Organization:
    return world.university_a


def _outcome(world: World, state: str) -> Any:
    from deals.tests.factories import OutcomeFactory

    return OutcomeFactory.create(
        achievement=_published_listing(world),
        show_on_listing=state == "shown",
        status="withdrawn" if state == "withdrawn" else "recorded",
        counterparty_name="Secret-free counterparty",
    )


def _current_nda(world: World) -> Any:
    """University A's NDA in force (one at most: made once, then reused)."""
    from deals.models import Nda
    from deals.tests.factories import NdaFactory

    found = Nda.objects.filter(institution=world.university_a, is_current=True).first()
    return found or NdaFactory.create(institution=world.university_a)


def _nda(world: World, state: str) -> Any:
    from deals.tests.factories import NdaFactory

    if state == "current":
        return _current_nda(world)
    return NdaFactory.create(
        institution=world.university_a, is_current=False, retired_at=timezone.now()
    )


MAKERS.update(
    {
        "inquiry": _inquiry,
        "access_request": _access_request,
        "confidential_file": _confidential_file,
        "deal_listing": _deal_listing,
        "deal_institution": _deal_institution,
        "outcome": _outcome,
        "nda": _nda,
    }
)


# --- Saved searches and notifications: the objects of their lines in table.py --------------------


def _saved_search(world: World, state: str) -> Any:
    from uuid import uuid4

    from matching.saved_searches.models import SavedSearch

    owner = world.user("enterprise_member")
    assert owner is not None
    return SavedSearch.objects.create(
        owner=owner,
        name=f"Batteries {uuid4().hex[:8]}",
        query="q=battery&type=achievement",
        frequency="daily" if state == "active" else "paused",
    )


def _notification(world: World, state: str) -> Any:
    from uuid import uuid4

    from matching.notifications.services import notification_mark_read, notify
    from matching.notifications.targets import payload_for

    owner = world.user("enterprise_member")
    assert owner is not None
    listing = _published_listing(world)
    notification = notify(
        recipient=owner,
        kind="saved-search",
        reason=f"saved-search:{uuid4().hex[:8]}",
        target=listing,
        payload=payload_for(listing),
    )
    if state == "read":
        notification = notification_mark_read(user=owner, notification_id=notification.pk)
    return notification


MAKERS.update({"saved_search": _saved_search, "notification": _notification})


# --- matches for people (branch "matchui"): the objects of the match lines in table.py ---------


def _match(world: World, state: str) -> Any:
    from experts.tests.factories import ExpertFactory
    from matching.tests.factories import MatchFactory

    kind = "need-achievement" if state == "withdrawn_listing" else state.replace("_", "-")
    need = _need(world, "published") if "need" in kind else None
    listing = None
    if "achievement" in kind:
        listing = _achievement(world, "archived" if state == "withdrawn_listing" else "published")
    expert = ExpertFactory.create(visibility="public") if "expert" in kind else None
    return MatchFactory.create(kind=kind, need=need, achievement=listing, expert=expert)


MAKERS["match"] = _match


# --- the expert pool (docs/experts.md): the objects of the assessment lines in table.py ----------


def _assessment(world: World, state: str) -> Any:
    from experts.models import Assessment
    from experts.tests.factories import AssessmentFactory

    kept = state.startswith("kept_")
    expert = (
        ExpertFactory.create(managed_by=world.university_a)
        if kept
        else Expert.objects.get(user=world.user("expert"))
    )
    status = state.removeprefix("kept_")
    submitted = status in ("submitted", "published")
    return AssessmentFactory.create(
        achievement=_achievement(world, "published"),
        expert=expert,
        requested_by=world.user("tto_a"),
        status=Assessment.Status.SUBMITTED if submitted else status,
        trl=5 if submitted else None,
        recommendation="develop" if submitted else "",
        submitted_at=timezone.now() if submitted else None,
        published=status == "published",
    )


def _assessed_listing(world: World, state: str) -> Achievement:
    return _achievement(world, state)


MAKERS.update({"assessment": _assessment, "assessed_listing": _assessed_listing})
