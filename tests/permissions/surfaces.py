"""Where each (model, action) of the matrix can be tried: querysets, pages, API endpoints.

A feature that adds a page or an endpoint adds ONE line here, declaring how to build the
request for an object; the matrix then checks it for every role and state in table.py:

    register(Request("achievement", "edit", "page",
                     lambda obj: get(f"/achievements/{obj.pk}/edit/"), login_required=True))

Expected answers, for a request surface:
- allowed: 2xx, or a 302 somewhere other than the login page (a form that redirects after POST);
- refused, anonymous, on a login-required page: 302 to the login page (API: 401);
- refused, and the role may not view the object: 404 (existence is not confirmed);
- refused, but the role may view the object: 403.
A mutating request that is refused must leave the object unchanged (checked by the test).

For a listing surface (the object's marker appears in a response, e.g. search results), the
expectation is simply the matrix value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from accounts.models import Organization
from accounts.permissions import UnknownAction
from achievements.models import Achievement, Disclosure
from experts.models import Expert
from needs.models import Need

MODELS: dict[str, Any] = {
    "achievement": Achievement,
    "disclosure": Disclosure,
    "need": Need,
    "expert": Expert,
    "organization": Organization,
}


def _model(name: str) -> Any:
    from accounts.models import ApiToken, Invitation, Membership

    return {**MODELS, "membership": Membership, "invitation": Invitation, "api_token": ApiToken}[
        name
    ]


CREATE_ACTIONS = {
    "achievement": "create_achievement",
    "disclosure": "create_disclosure",
    "need": "create_need",
    "expert": "keep_expert_profile",
}


@dataclass(frozen=True)
class Call:
    method: str
    url: str
    data: dict[str, Any] = field(default_factory=dict)


def get(url: str) -> Call:
    return Call("GET", url)


def post(url: str, **data: Any) -> Call:
    return Call("POST", url, data)


def delete(url: str) -> Call:
    return Call("DELETE", url)


@dataclass(frozen=True)
class Surface:
    model: str
    action: str
    kind: str  # "queryset", "page", "api"

    @property
    def name(self) -> str:
        return self.kind


@dataclass(frozen=True)
class Queryset(Surface):
    """The contract itself: Model.objects.restrict(user, action) holds the object or not."""

    def allows(self, user: Any, obj: Any) -> bool:
        from django.contrib.auth.models import AnonymousUser

        who = user or AnonymousUser()
        if self.action == "create":
            target = Organization.objects.restrict(who, CREATE_ACTIONS[self.model])
            return target.filter(pk=obj.pk).exists()
        try:
            queryset = _model(self.model).objects.restrict(who, self.action)
        except UnknownAction:
            raise AssertionError(f"{self.model} has no grants for {self.action!r}") from None
        return queryset.filter(pk=obj.pk).exists()


@dataclass(frozen=True)
class Request(Surface):
    build: Callable[[Any], Call] = field(default=lambda obj: get("/"))
    login_required: bool = False
    mutates: bool = False


@dataclass(frozen=True)
class Listing(Surface):
    """A response that lists objects; allowed means the object's marker appears in it."""

    url: Callable[[Any], str] = field(default=lambda obj: "/")
    marker: Callable[[Any], str] = field(default=lambda obj: str(obj.pk))

    @property
    def name(self) -> str:
        return f"{self.kind}-listing"


SURFACES: list[Surface] = []


def register(surface: Surface) -> None:
    SURFACES.append(surface)


# --- Querysets: every (model, action) of the matrix, directly --------------------------------
def _register_querysets() -> None:
    from tests.permissions.table import ROWS

    for model, action in sorted({(row.model, row.action) for row in ROWS}):
        register(Queryset(model, action, "queryset"))


_register_querysets()

# --- Pages that exist today -------------------------------------------------------------------
register(Request("achievement", "view", "page", lambda a: get(f"/achievements/{a.pk}/")))
register(Request("need", "view", "page", lambda n: get(f"/needs/{n.pk}/")))
register(
    Request(
        "organization",
        "manage_members",
        "page",
        lambda o: get(reverse("organization-manage", args=[o.pk])),
        login_required=True,
    )
)
register(
    Request(
        "organization",
        "manage_members",
        "page",
        lambda o: post(
            reverse("organization-invite", args=[o.pk]), email="new@example.org", role="researcher"
        ),
        login_required=True,
        mutates=True,
    )
)
register(
    Request(
        "membership",
        "decide",
        "page",
        lambda m: post(reverse("membership-approve", args=[m.pk])),
        login_required=True,
        mutates=True,
    )
)
register(
    Request(
        "membership",
        "edit",
        "page",
        lambda m: post(reverse("membership-role", args=[m.pk]), role="tto_officer"),
        login_required=True,
        mutates=True,
    )
)
register(
    Request(
        "membership",
        "remove",
        "page",
        lambda m: post(reverse("membership-remove", args=[m.pk])),
        login_required=True,
        mutates=True,
    )
)
register(
    Request(
        "invitation",
        "withdraw",
        "page",
        lambda i: post(reverse("invitation-withdraw", args=[i.pk])),
        login_required=True,
        mutates=True,
    )
)
register(
    Request(
        "api_token",
        "revoke",
        "page",
        lambda t: post(reverse("revoke-token", args=[t.pk])),
        login_required=True,
        mutates=True,
    )
)
register(
    Listing(
        "api_token",
        "view",
        "page",
        url=lambda t: reverse("tokens"),
        marker=lambda t: f"<code>{t.prefix}…</code>",
    )
)

# --- API endpoints that exist today (the rest of /api/v1/ adds its lines here) ----------------
register(
    Request(
        "api_token",
        "view",
        "api",
        lambda t: get(reverse("api-token-detail", args=[t.pk])),
        login_required=True,
    )
)
register(
    Request(
        "api_token",
        "revoke",
        "api",
        lambda t: delete(reverse("api-token-detail", args=[t.pk])),
        login_required=True,
        mutates=True,
    )
)
register(
    Listing(
        "api_token",
        "view",
        "api",
        url=lambda t: reverse("api-tokens"),
        marker=lambda t: f'"prefix":"{t.prefix}"',
    )
)


# --- deals (docs/deals.md): models, the actions deals adds to listings and institutions, and
# the pages and endpoints that serve them ---------------------------------------------------------
def _deals_models() -> None:
    from types import SimpleNamespace

    from achievements.models import AchievementFile
    from deals.models import AccessRequest, Inquiry, Nda, Outcome
    from deals.querysets import deal_institutions, deal_listings

    MODELS.update(
        {
            "inquiry": Inquiry,
            "access_request": AccessRequest,
            "confidential_file": AchievementFile,
            "outcome": Outcome,
            "nda": Nda,
            # Actions deals declares on another app's rows: tables over Achievement, Organization.
            "deal_listing": SimpleNamespace(objects=deal_listings),
            "deal_institution": SimpleNamespace(objects=deal_institutions),
        }
    )


_deals_models()


def _page(model: str, action: str, build: Callable[[Any], Call], *, mutates: bool = False) -> None:
    register(Request(model, action, "page", build, login_required=True, mutates=mutates))


def _api(model: str, action: str, build: Callable[[Any], Call], *, mutates: bool = False) -> None:
    register(Request(model, action, "api", build, login_required=True, mutates=mutates))


# Inquiries: the thread, replying and closing; the inboxes of both sides.
_page("inquiry", "view", lambda i: get(reverse("inquiry-detail", args=[i.pk])))
_api("inquiry", "view", lambda i: get(f"/api/v1/inquiries/{i.pk}/"))
_page(
    "inquiry",
    "reply",
    lambda i: post(reverse("inquiry-reply", args=[i.pk]), body="Any news?"),
    mutates=True,
)
_page("inquiry", "close", lambda i: post(reverse("inquiry-close", args=[i.pk])), mutates=True)
_api("inquiry", "close", lambda i: post(f"/api/v1/inquiries/{i.pk}/close/"), mutates=True)
register(
    Listing(
        "inquiry",
        "view",
        "page",
        url=lambda i: reverse("inquiry-list"),
        marker=lambda i: f'data-inquiry="{i.pk}"',
    )
)
register(
    Listing(
        "inquiry",
        "view",
        "api",
        url=lambda i: "/api/v1/inquiries/",
        marker=lambda i: f'/api/v1/inquiries/{i.pk}/"',
    )
)

# Document requests: the request, the NDA page, the TTO's decisions, withdrawing; the queue.
_page("access_request", "view", lambda r: get(reverse("access-request-detail", args=[r.pk])))
_api("access_request", "view", lambda r: get(f"/api/v1/access-requests/{r.pk}/"))
_page("access_request", "accept_nda", lambda r: get(reverse("access-request-nda", args=[r.pk])))


def _decision(action: str, **data: Any) -> Callable[[Any], Call]:
    return lambda r: post(reverse("access-request-action", args=[r.pk, action]), **data)


for _action, _data in (
    ("approve", {}),
    ("decline", {"reason": "Not now."}),
    ("revoke", {"reason": "Over."}),
    ("withdraw", {}),
):
    _page("access_request", _action, _decision(_action, **_data), mutates=True)
_api(
    "access_request",
    "withdraw",
    lambda r: post(f"/api/v1/access-requests/{r.pk}/withdraw/"),
    mutates=True,
)
register(
    Listing(
        "access_request",
        "view",
        "page",
        url=lambda r: reverse("access-request-list"),
        marker=lambda r: f'data-access-request="{r.pk}"',
    )
)
register(
    Listing(
        "access_request",
        "view",
        "api",
        url=lambda r: "/api/v1/access-requests/",
        marker=lambda r: f'/api/v1/access-requests/{r.pk}/"',
    )
)

# A confidential document, downloaded through the listing's file view.
register(
    Request(
        "confidential_file",
        "view",
        "page",
        lambda f: get(reverse("achievement-file", args=[f.achievement_id, f.pk])),
    )
)

# What deals adds to a listing: ask, request documents, record an outcome, read the funnel.
_page("deal_listing", "inquire", lambda a: get(reverse("inquiry-create", args=[a.pk])))
_page(
    "deal_listing",
    "request_access",
    lambda a: get(reverse("access-request-create", args=[a.pk])),
)
_page(
    "deal_listing",
    "record_outcome",
    lambda a: post(
        reverse("outcome-list", args=[a.pk]),
        kind="assignment",
        counterparty_name="Buyer Ltd.",
        signed_on="2026-01-15",
        currency="CNY",
    ),
    mutates=True,
)
_page("deal_listing", "view_funnel", lambda a: get(reverse("funnel-listing", args=[a.pk])))
_api("deal_listing", "view_funnel", lambda a: get(f"/api/v1/funnel/listings/{a.pk}/"))
_api("deal_institution", "view_funnel", lambda o: get(f"/api/v1/funnel/institutions/{o.pk}/"))

# Outcomes: the TTO's record page, correcting and withdrawing; the announcement on the listing.
register(
    Listing(
        "outcome",
        "view",
        "page",
        url=lambda o: reverse("outcome-list", args=[o.achievement_id]),
        marker=lambda o: f'data-outcome="{o.pk}"',
    )
)
_page("outcome", "edit", lambda o: get(reverse("outcome-edit", args=[o.pk])))
_page(
    "outcome",
    "withdraw",
    lambda o: post(reverse("outcome-withdraw", args=[o.pk]), reason="Fell through."),
    mutates=True,
)
register(
    Listing(
        "outcome",
        "view_public",
        "page",
        url=lambda o: reverse("achievement-detail", args=[o.achievement_id]),
        marker=lambda o: 'data-testid="outcome-badge"',
    )
)
