"""Reads for the deals app, starting with who may see and do what: grant tables.

The tables are the deals part of docs/permissions.md (accounts/permissions.py explains the
grammar). Three kinds of rows:

- the app's own models (inquiries and their messages, document requests, NDA versions,
  outcomes), each with restrict()/visible_to() on its queryset;
- actions on *another* app's rows that this app introduces — asking about a listing,
  requesting its documents, recording its outcomes, reading its funnel; managing an
  institution's NDA — declared here as tables over Achievement and Organization
  (`deal_listings`, `deal_institutions`), so the listing's own table stays about listings;
- `document_access_holders`, the grant through which an approved, unexpired document request
  opens a listing's confidential files (used by achievements.querysets.FILE_GRANTS).

Moderators appear nowhere: they never read private messages, requests or deal figures.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Now

from accounts.permissions import (
    Grant,
    everyone,
    in_states,
    members_of,
    restrict,
    the_user,
    tto_of,
)
from accounts.roles import AnyUser, organization_ids, tto_organization_ids

if TYPE_CHECKING:  # the models import these querysets; the reverse is for typing only
    from deals.models import AccessRequest, Inquiry, Message, Nda, Outcome  # noqa: F401

RESEARCH_KINDS = ["university", "research-institute", "hospital"]
QS = TypeVar("QS", bound=models.QuerySet[Any])


def outside_tto_of(path: str) -> Callable[[AnyUser], Q | None]:
    """Signed-in users, except the TTO of the row's institution (they are the other party)."""

    def who(user: AnyUser) -> Q | None:
        if not user.is_authenticated:
            return None
        own = tto_organization_ids(user)
        return ~Q(**{f"{path}__in": sorted(own)}) if own else Q()

    return who


class GrantedActions(Generic[QS]):
    """restrict()/visible_to() over another app's model with this app's table of actions."""

    def __init__(self, table: Mapping[str, Sequence[Grant]], rows: Callable[[], QS]) -> None:
        self.table = table
        self.rows = rows

    def restrict(self, user: AnyUser, action: str) -> QS:
        return restrict(self.rows(), user, self.table, action)

    def visible_to(self, user: AnyUser) -> QS:
        return self.restrict(user, "view")


# --- Listings: asking, requesting documents, outcomes, funnel ----------------------------------


def _listing_view() -> list[Grant]:
    from achievements.querysets import ACHIEVEMENT_GRANTS

    return ACHIEVEMENT_GRANTS["view"]


def _listings() -> models.QuerySet[Any]:
    from achievements.models import Achievement

    return Achievement.objects.all()


LISTING_GRANTS: dict[str, list[Grant]] = {
    "view": _listing_view(),
    # Anyone signed in may ask about a published listing or ask for its documents, except
    # its own TTO.
    "inquire": [Grant(outside_tto_of("institution_id"), in_states("published"))],
    "request_access": [Grant(outside_tto_of("institution_id"), in_states("published"))],
    # A deal is often signed after the listing was withdrawn from the catalogue.
    "record_outcome": [Grant(tto_of("institution_id"), in_states("published", "archived"))],
    "view_funnel": [Grant(tto_of("institution_id"))],
}

deal_listings: GrantedActions[Any] = GrantedActions(LISTING_GRANTS, _listings)


# --- Institutions: the NDA and the funnel overview ---------------------------------------------


def _organization_view() -> list[Grant]:
    from accounts.querysets import ORGANIZATION_GRANTS

    return ORGANIZATION_GRANTS["view"]


def _organizations() -> models.QuerySet[Any]:
    from accounts.models import Organization

    return Organization.objects.all()


INSTITUTION_GRANTS: dict[str, list[Grant]] = {
    "view": _organization_view(),
    "manage_nda": [Grant(tto_of("pk"), Q(kind__in=RESEARCH_KINDS))],
    "view_funnel": [Grant(tto_of("pk"), Q(kind__in=RESEARCH_KINDS))],
}

deal_institutions: GrantedActions[Any] = GrantedActions(INSTITUTION_GRANTS, _organizations)


# --- Inquiries ---------------------------------------------------------------------------------
# The two parties: the sender and the members of the organisation they wrote for; the TTO of
# the listing's institution.
INQUIRY_PARTIES = [
    Grant(the_user("sender")),
    Grant(members_of("organization_id")),
    Grant(tto_of("achievement__institution_id")),
]

INQUIRY_GRANTS: dict[str, list[Grant]] = {
    "view": INQUIRY_PARTIES,
    # Either side writes, in any state: a message in a closed thread opens it again.
    "reply": INQUIRY_PARTIES,
    "close": [Grant(g.who, in_states("open", "answered")) for g in INQUIRY_PARTIES],
}


class InquiryQuerySet(models.QuerySet["Inquiry"]):
    def restrict(self, user: AnyUser, action: str) -> InquiryQuerySet:
        return restrict(self, user, INQUIRY_GRANTS, action)

    def visible_to(self, user: AnyUser) -> InquiryQuerySet:
        """Only the two parties (and admins); not moderators, not other TTOs."""
        return self.restrict(user, "view")

    def sent_by_side_of(self, user: AnyUser) -> InquiryQuerySet:
        """Threads where the user is on the enquirer's side (sender or their colleagues)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(sender=user.pk) | Q(organization_id__in=organization_ids(user)))

    def received_by_side_of(self, user: AnyUser) -> InquiryQuerySet:
        """Threads about listings of the institutions whose TTO the user works in."""
        return self.filter(achievement__institution_id__in=tto_organization_ids(user))


class MessageQuerySet(models.QuerySet["Message"]):
    def visible_to(self, user: AnyUser) -> MessageQuerySet:
        """A message is seen by whoever sees its thread."""
        from deals.models import Inquiry

        return self.filter(inquiry__in=Inquiry.objects.visible_to(user))


# --- Document requests and NDAs ----------------------------------------------------------------


def nda_required() -> Q:
    """The listing's institution has a current NDA."""
    from deals.models import Nda

    current = Nda.objects.filter(
        institution_id=OuterRef("achievement__institution_id"), is_current=True
    )
    return Q(Exists(current))


def nda_accepted() -> Q:
    """The requester accepted the current NDA for this request."""
    from deals.models import NdaAcceptance

    return Q(
        Exists(NdaAcceptance.objects.filter(access_request=OuterRef("pk"), nda__is_current=True))
    )


def _waiting_for_nda() -> Q:
    return in_states("pending") & nda_required() & ~nda_accepted()


def _ready_for_decision() -> Q:
    return in_states("pending") & (~nda_required() | nda_accepted())


ACCESS_TTO = tto_of("achievement__institution_id")

ACCESS_REQUEST_GRANTS: dict[str, list[Grant]] = {
    "view": [Grant(the_user("requester")), Grant(ACCESS_TTO)],
    "accept_nda": [Grant(the_user("requester"), _waiting_for_nda)],
    "withdraw": [Grant(the_user("requester"), in_states("pending"))],
    # Approval needs the current NDA accepted first, when the institution has one.
    "approve": [Grant(ACCESS_TTO, _ready_for_decision)],
    "decline": [Grant(ACCESS_TTO, in_states("pending"))],
    "revoke": [Grant(ACCESS_TTO, in_states("approved"))],
}


def _unexpired() -> Q:
    return Q(expires_at__isnull=True) | Q(expires_at__gt=Now())


class AccessRequestQuerySet(models.QuerySet["AccessRequest"]):
    def restrict(self, user: AnyUser, action: str) -> AccessRequestQuerySet:
        return restrict(self, user, ACCESS_REQUEST_GRANTS, action)

    def visible_to(self, user: AnyUser) -> AccessRequestQuerySet:
        """The requester and the listing's TTO (and admins)."""
        return self.restrict(user, "view")

    def granting(self) -> AccessRequestQuerySet:
        """Requests that open documents now: approved, not revoked, not expired."""
        return self.filter(in_states("approved") & _unexpired())

    def waiting_for_nda(self) -> AccessRequestQuerySet:
        return self.filter(_waiting_for_nda())


def document_access_holders(user: AnyUser, path: str = "achievement_id") -> Q | None:
    """Rows (through `path`, a listing id) whose listing's documents the user was granted."""
    if not user.is_authenticated:
        return None
    from deals.models import AccessRequest

    listings = AccessRequest.objects.granting().filter(requester=user.pk)
    return Q(**{f"{path}__in": listings.values("achievement_id")})


def _requested_at(user: AnyUser) -> Q | None:
    """NDAs of institutions the user asked documents from: they must read what they accept."""
    if not user.is_authenticated:
        return None
    from deals.models import AccessRequest

    asked = AccessRequest.objects.filter(requester=user.pk)
    return Q(institution_id__in=asked.values("achievement__institution_id"))


NDA_GRANTS: dict[str, list[Grant]] = {
    "view": [Grant(tto_of("institution_id")), Grant(_requested_at)],
}


class NdaQuerySet(models.QuerySet["Nda"]):
    def restrict(self, user: AnyUser, action: str) -> NdaQuerySet:
        return restrict(self, user, NDA_GRANTS, action)

    def visible_to(self, user: AnyUser) -> NdaQuerySet:
        return self.restrict(user, "view")

    def current(self) -> NdaQuerySet:
        return self.filter(is_current=True)


# --- Outcomes ----------------------------------------------------------------------------------

OUTCOME_TTO = tto_of("achievement__institution_id")

OUTCOME_GRANTS: dict[str, list[Grant]] = {
    # The record — counterparty, value, note — is the TTO's alone.
    "view": [Grant(OUTCOME_TTO)],
    # What a published listing may announce: the kind of deal and its year, when the TTO chose.
    "view_public": [
        Grant(
            everyone,
            Q(status="recorded", show_on_listing=True, achievement__status="published"),
        )
    ],
    "edit": [Grant(OUTCOME_TTO, in_states("recorded"))],
    "withdraw": [Grant(OUTCOME_TTO, in_states("recorded"))],
}


class OutcomeQuerySet(models.QuerySet["Outcome"]):
    def restrict(self, user: AnyUser, action: str) -> OutcomeQuerySet:
        return restrict(self, user, OUTCOME_GRANTS, action)

    def visible_to(self, user: AnyUser) -> OutcomeQuerySet:
        return self.restrict(user, "view")

    def announced(self) -> OutcomeQuerySet:
        """The outcomes a published listing shows to every reader (the same for everyone)."""
        return self.restrict(AnonymousUser(), "view_public")
