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
    from achievements.models import AchievementFile, ImportJob
    from moderation.models import AbuseReport

    return {
        **MODELS,
        "membership": Membership,
        "invitation": Invitation,
        "api_token": ApiToken,
        # added with the pages × API matrix (branch "flow")
        "achievement_file": AchievementFile,
        "abuse_report": AbuseReport,
        "import_job": ImportJob,
    }[name]


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
    # States in which a role that may do the action elsewhere repeats what is already done (a
    # second submit, an approve of a published listing): a success that changes nothing.
    idempotent_in: frozenset[str] = frozenset()
    # States the surface cannot speak for (accept needs a started review, though the "review"
    # grant covers submitted disclosures too): not tried there.
    skip_states: frozenset[str] = frozenset()
    # Workflow surfaces tell "not now" from "not yours": a role that may do the action in
    # another state gets a 409 (API) or an error message (page) instead of a 403.
    tells_not_now: bool = False


@dataclass(frozen=True)
class Listing(Surface):
    """A response that lists objects; allowed means the object's marker appears in it."""

    url: Callable[[Any], str] = field(default=lambda obj: "/")
    marker: Callable[[Any], str] = field(default=lambda obj: str(obj.pk))
    # Shows what this role may see, whoever asks (open data: "anonymous").
    reader: str | None = None
    # A page narrower than the contract by design (the caller's own institution's listings):
    # it shows nothing to other roles, and to these exactly what the matrix allows.
    only_roles: frozenset[str] | None = None

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


def _api(
    model: str,
    action: str,
    build: Callable[[Any], Call],
    *,
    mutates: bool = False,
    idempotent_in: frozenset[str] = frozenset(),
) -> None:
    # The API tells "not now" (409) from "not yours" (403), and a repeat succeeds unchanged.
    register(
        Request(
            model,
            action,
            "api",
            build,
            login_required=True,
            mutates=mutates,
            tells_not_now=mutates,
            idempotent_in=idempotent_in,
        )
    )


def _lists(
    model: str,
    *,
    page: str,
    data_attribute: str,
    resource: str,
    only_roles: frozenset[str] | None = None,
) -> None:
    """A model's own list page (each object tagged data-…="pk") and its API list (each object's
    URL), both checked against "view"."""
    register(
        Listing(
            model,
            "view",
            "page",
            url=lambda _obj: reverse(page),
            marker=lambda obj: f'{data_attribute}="{obj.pk}"',
            only_roles=only_roles,
        )
    )
    register(
        Listing(
            model,
            "view",
            "api",
            url=lambda _obj: f"/api/v1/{resource}/",
            marker=lambda obj: f'/api/v1/{resource}/{obj.pk}/"',
        )
    )


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
_api(
    "inquiry",
    "close",
    lambda i: post(f"/api/v1/inquiries/{i.pk}/close/"),
    mutates=True,
    idempotent_in=frozenset({"closed"}),
)
_lists(
    "inquiry",
    page="inquiry-list",
    data_attribute="data-inquiry",
    resource="inquiries",
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
    idempotent_in=frozenset({"withdrawn"}),
)
_lists(
    "access_request",
    page="access-request-list",
    data_attribute="data-access-request",
    resource="access-requests",
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
# === Pages and API endpoints of the TTO workflow, the catalogue and moderation ==================
# (branch "flow": the API's write side; every page and endpoint that acts on a permission-bearing
# object). Refusals: 404 for a role that may not view the object, 403 for one that may view it but
# never do the action, "not now" — 409 in the API, a redirect with an error message on a page —
# for one that may do it in another state. See test_matrix.expected.

OWN_TTO = frozenset({"tto_a", "manager_a"})
REASON = "Checked by the permission matrix."


def _site(path: str) -> str:
    from django.conf import settings

    return f"{settings.SITE_URL}{path}"


def _post_json(url: str, **data: Any) -> Call:
    return Call("POST", url, data)


def _patch(url: str, **data: Any) -> Call:
    return Call("PATCH", url, data)


def _disclosure_attachment(d: Any) -> Call:
    from django.core.files.base import ContentFile

    from achievements.models import DisclosureAttachment
    from tests.permissions.world import PDF

    record = DisclosureAttachment(
        disclosure=d, original_name="lab notes.pdf", content_type="application/pdf", size=len(PDF)
    )
    record.file.save("disclosures/matrix.pdf", ContentFile(PDF), save=False)
    record.save()
    return get(f"/achievements/disclosures/{d.pk}/attachments/{record.pk}/")


def _decide(decision: str) -> Callable[[Any], Call]:
    def build(a: Any) -> Call:
        return _post_json(f"/api/v1/moderation/achievement/{a.pk}/{decision}/", reason=REASON)

    return build


def _register_flow() -> None:
    A, D = "achievement", "disclosure"

    def page(model: str, action: str, build: Callable[[Any], Call], **options: Any) -> None:
        register(Request(model, action, "page", build, **options))

    def api(model: str, action: str, build: Callable[[Any], Call], **options: Any) -> None:
        register(Request(model, action, "api", build, **options))

    def listed(model: str, action: str, kind: str, **options: Any) -> None:
        register(Listing(model, action, kind, **options))

    signed_in = {"login_required": True, "tells_not_now": True}
    writes = {"login_required": True, "mutates": True, "tells_not_now": True}

    # --- achievements: reading ----------------------------------------------------------------
    api(A, "view", lambda a: get(f"/api/v1/achievements/{a.pk}/"))
    page(A, "history", lambda a: get(f"/achievements/{a.pk}/history/"), **signed_in)
    listed(
        A,
        "view",
        "page",
        url=lambda a: f"/achievements/?status={a.status}",
        marker=lambda a: f'href="/achievements/{a.pk}/"',
    )
    listed(
        A,
        "view",
        "api",
        url=lambda a: f"/api/v1/achievements/?status={a.status}",
        marker=lambda a: f'/api/v1/achievements/{a.pk}/"',
    )
    listed(  # the officer's own institution's listings
        A,
        "view",
        "page",
        url=lambda a: f"/achievements/manage/?status={a.status}",
        marker=lambda a: f'href="/achievements/{a.pk}/"',
        only_roles=OWN_TTO,
    )
    listed(  # the export of the officer's own institution's listings, for re-import
        A,
        "export",
        "page",
        url=lambda a: "/achievements/export/?format=csv",
        marker=lambda a: a.external_id,
        only_roles=OWN_TTO,
    )
    listed(  # open data: the public rows, whoever asks
        A,
        "export",
        "api",
        url=lambda a: "/api/v1/export/achievements.csv",
        marker=lambda a: _site(f"/achievements/{a.pk}/"),
        reader="anonymous",
    )
    # Reporting a listing is open to every signed-in user who may view it.
    page(
        A,
        "view",
        lambda a: post(f"/moderation/achievement/{a.pk}/report/", reason="spam", details=REASON),
        **writes,
    )
    api(
        A,
        "view",
        lambda a: _post_json(
            f"/api/v1/moderation/achievement/{a.pk}/report/", reason="spam", details=REASON
        ),
        **writes,
    )

    # --- achievements: the editor and the owner's actions ---------------------------------------
    page(A, "create", lambda o: get(f"/achievements/new/?institution={o.pk}"), **signed_in)
    page(A, "create", lambda o: get(f"/achievements/import/?institution={o.pk}"), **signed_in)
    api(
        A,
        "create",
        lambda o: _post_json("/api/v1/achievements/", institution=o.pk, title_en="Matrix"),
        **writes,
    )
    page(A, "edit", lambda a: get(f"/achievements/{a.pk}/edit/"), **signed_in)
    page(A, "edit", lambda a: get(f"/achievements/{a.pk}/files/"), **signed_in)
    api(A, "edit", lambda a: _patch(f"/api/v1/achievements/{a.pk}/", keywords=["matrix"]), **writes)
    submitted_again = frozenset({"submitted"})
    page(
        A,
        "submit",
        lambda a: post(f"/achievements/{a.pk}/submit/"),
        idempotent_in=submitted_again,
        **writes,
    )
    api(
        A,
        "submit",
        lambda a: post(f"/api/v1/achievements/{a.pk}/submit/"),
        idempotent_in=submitted_again,
        **writes,
    )
    archived_again = frozenset({"archived"})
    page(
        A,
        "archive",
        lambda a: post(f"/achievements/{a.pk}/withdraw/", reason=REASON),
        idempotent_in=archived_again,
        **writes,
    )
    api(
        A,
        "archive",
        lambda a: _post_json(f"/api/v1/achievements/{a.pk}/withdraw/", reason=REASON),
        idempotent_in=archived_again,
        **writes,
    )

    # --- achievements: moderation ------------------------------------------------------------
    page(
        A,
        "moderate",
        lambda a: post(
            f"/moderation/achievement/{a.pk}/", decision="request_changes", reason=REASON
        ),
        idempotent_in=frozenset({"changes_requested"}),
        **writes,
    )
    for decision, done in (
        ("approve", "published"),
        ("request-changes", "changes_requested"),
        ("reject", "rejected"),
    ):
        api(
            A,
            "moderate",
            _decide(decision),
            idempotent_in=frozenset({done}),
            **writes,
        )
    listed(
        A,
        "moderate",
        "page",
        url=lambda a: "/moderation/",
        marker=lambda a: f'href="/moderation/achievement/{a.pk}/"',
    )
    listed(
        A,
        "moderate",
        "api",
        url=lambda a: "/api/v1/moderation/queue/",
        marker=lambda a: f'"kind":"achievement","id":{a.pk},',
    )

    # --- listing files -----------------------------------------------------------------------
    page(
        "achievement_file",
        "view",
        lambda f: get(f"/achievements/{f.achievement_id}/files/{f.pk}/"),
    )

    # --- disclosures -------------------------------------------------------------------------
    page(D, "view", lambda d: get(f"/achievements/disclosures/{d.pk}/"), **signed_in)
    page(D, "view", lambda d: get(f"/achievements/disclosures/{d.pk}/history/"), **signed_in)
    page(D, "view", _disclosure_attachment)
    api(D, "view", lambda d: get(f"/api/v1/disclosures/{d.pk}/"), **signed_in)
    listed(
        D,
        "view",
        "api",
        url=lambda d: "/api/v1/disclosures/",
        marker=lambda d: f'/api/v1/disclosures/{d.pk}/"',
    )
    listed(  # the researcher's own and their TTO's queue
        D,
        "view",
        "page",
        url=lambda d: "/achievements/disclosures/",
        marker=lambda d: f'href="/achievements/disclosures/{d.pk}/"',
        only_roles=frozenset({"researcher_a", *OWN_TTO}),
    )
    page(
        D,
        "create",
        lambda o: get(f"/achievements/disclosures/new/?institution={o.pk}"),
        **signed_in,
    )
    api(
        D,
        "create",
        lambda o: _post_json("/api/v1/disclosures/", institution=o.pk, title="Matrix"),
        **writes,
    )
    page(D, "edit", lambda d: get(f"/achievements/disclosures/{d.pk}/edit/"), **signed_in)
    api(
        D,
        "edit",
        lambda d: _patch(f"/api/v1/disclosures/{d.pk}/", funding_sources="NSFC"),
        **writes,
    )
    sent = frozenset({"submitted", "accepted"})  # a non-draft was submitted before
    page(
        D,
        "submit",
        lambda d: post(f"/achievements/disclosures/{d.pk}/submit/"),
        idempotent_in=sent,
        **writes,
    )
    api(
        D,
        "submit",
        lambda d: post(f"/api/v1/disclosures/{d.pk}/submit/"),
        idempotent_in=sent,
        **writes,
    )
    reviewed = frozenset({"under_review", "accepted", "declined", "converted"})
    page(
        D,
        "review",
        lambda d: post(f"/achievements/disclosures/{d.pk}/start-review/"),
        idempotent_in=reviewed,
        **writes,
    )
    api(
        D,
        "review",
        lambda d: post(f"/api/v1/disclosures/{d.pk}/start-review/"),
        idempotent_in=reviewed,
        **writes,
    )
    review_started = frozenset({"submitted"})  # accept and decline come after start-review
    api(
        D,
        "review",
        lambda d: _post_json(f"/api/v1/disclosures/{d.pk}/accept/"),
        idempotent_in=frozenset({"accepted", "converted"}),
        skip_states=review_started,
        **writes,
    )
    page(
        D,
        "review",
        lambda d: post(f"/achievements/disclosures/{d.pk}/decline/", reason=REASON),
        idempotent_in=frozenset({"declined"}),
        skip_states=review_started,
        **writes,
    )
    api(
        D,
        "review",
        lambda d: _post_json(f"/api/v1/disclosures/{d.pk}/decline/", reason=REASON),
        idempotent_in=frozenset({"declined"}),
        skip_states=review_started,
        **writes,
    )
    converted = frozenset({"converted"})
    page(
        D,
        "convert",
        lambda d: post(f"/achievements/disclosures/{d.pk}/convert/"),
        idempotent_in=converted,
        **writes,
    )
    api(
        D,
        "convert",
        lambda d: post(f"/api/v1/disclosures/{d.pk}/convert/"),
        idempotent_in=converted,
        **writes,
    )

    # --- abuse reports -----------------------------------------------------------------------
    api("abuse_report", "view", lambda r: get(f"/api/v1/moderation/reports/{r.pk}/"), **signed_in)
    listed(
        "abuse_report",
        "view",
        "api",
        url=lambda r: "/api/v1/moderation/reports/",
        marker=lambda r: f'"id":{r.pk},"kind"',
    )
    page(
        "abuse_report",
        "resolve",
        lambda r: post(f"/moderation/reports/{r.pk}/", outcome="resolved", reason=REASON),
        **writes,
    )
    api(
        "abuse_report",
        "resolve",
        lambda r: _post_json(
            f"/api/v1/moderation/reports/{r.pk}/resolve/", outcome="resolved", reason=REASON
        ),
        **writes,
    )

    # --- bulk import jobs --------------------------------------------------------------------
    for suffix in ("", "status/", "problems.csv"):
        page("import_job", "view", _import_job_page(suffix), **signed_in)

    # --- the catalogue: needs, experts, organisations ------------------------------------------
    _register_catalogue("need", "/needs/", "/api/v1/needs/", "needs")
    _register_catalogue("expert", "/experts/", "/api/v1/experts/", "experts")
    _register_catalogue(
        "organization", "/organizations/", "/api/v1/organizations/", "organizations"
    )


def _import_job_page(suffix: str) -> Callable[[Any], Call]:
    return lambda job: get(f"/achievements/import/{job.pk}/{suffix}")


def _register_catalogue(model: str, pages: str, resource: str, table: str) -> None:
    """Detail (page, API), list (page, API) and open data of a catalogue model."""

    def query(obj: Any) -> str:
        return f"?status={obj.status}" if model == "need" else ""

    if model != "need":  # the need detail page is registered above
        register(Request(model, "view", "page", lambda o: get(f"{pages}{o.pk}/")))
    register(Request(model, "view", "api", lambda o: get(f"{resource}{o.pk}/")))
    register(
        Listing(
            model,
            "view",
            "page",
            url=lambda o: f"{pages}{query(o)}",
            marker=lambda o: f'href="{pages}{o.pk}/"',
        )
    )
    register(
        Listing(
            model,
            "view",
            "api",
            url=lambda o: f"{resource}{query(o)}",
            marker=lambda o: f'{resource}{o.pk}/"',
        )
    )
    register(
        Listing(  # open data: the public rows, whoever asks (organisations: export = view)
            model,
            "export" if model != "organization" else "view",
            "api",
            url=lambda o: f"/api/v1/export/{table}.csv",
            marker=lambda o: _site(f"{pages}{o.pk}/"),
            reader="anonymous",
        )
    )


_register_flow()


# --- needs: the enterprise's pages and endpoints, and their moderation (docs/needs.md) ---------
ENTERPRISE_MEMBERS = frozenset({"enterprise_member"})


def _decide_need(decision: str) -> Callable[[Any], Call]:
    def build(n: Any) -> Call:
        return _post_json(f"/api/v1/moderation/need/{n.pk}/{decision}/", reason=REASON)

    return build


def _need_post(prefix: str, slug: str) -> Callable[[Any], Call]:
    return lambda n: post(f"{prefix}{n.pk}/{slug}/")


def _register_needs() -> None:
    N = "need"

    def page(action: str, build: Callable[[Any], Call], **options: Any) -> None:
        register(Request(N, action, "page", build, **options))

    def api(action: str, build: Callable[[Any], Call], **options: Any) -> None:
        register(Request(N, action, "api", build, **options))

    signed_in = {"login_required": True, "tells_not_now": True}
    writes = {"login_required": True, "mutates": True, "tells_not_now": True}

    page("history", lambda n: get(f"/needs/{n.pk}/history/"), **signed_in)
    register(  # my organisation's needs: every state, for its members only
        Listing(
            N,
            "view",
            "page",
            url=lambda n: f"/needs/mine/?status={n.status}",
            marker=lambda n: f'href="/needs/{n.pk}/"',
            only_roles=ENTERPRISE_MEMBERS,
        )
    )
    # Reporting a need is open to every signed-in user who may view it.
    page("view", lambda n: post(f"/moderation/need/{n.pk}/report/", reason="spam"), **writes)

    page("create", lambda o: get(f"/needs/new/?institution={o.pk}"), **signed_in)
    api(
        "create",
        lambda o: _post_json(
            "/api/v1/needs/", organization=o.pk, title="Matrix", description="Matrix"
        ),
        **writes,
    )
    page("edit", lambda n: get(f"/needs/{n.pk}/edit/"), **signed_in)
    api("edit", lambda n: _patch(f"/api/v1/needs/{n.pk}/", keywords=["matrix"]), **writes)
    for action, slug, done in (
        ("submit", "submit", "submitted"),
        ("withdraw", "withdraw", "draft"),
        ("close", "close", "closed"),
        ("close", "fulfil", "fulfilled"),
    ):
        idempotent = {"idempotent_in": frozenset({done})}
        page(action, _need_post("/needs/", slug), **idempotent, **writes)
        api(action, _need_post("/api/v1/needs/", slug), **idempotent, **writes)

    page(
        "moderate",
        lambda n: post(f"/moderation/need/{n.pk}/", decision="request_changes", reason=REASON),
        idempotent_in=frozenset({"changes_requested"}),
        **writes,
    )
    for decision, done in (
        ("approve", "published"),
        ("request-changes", "changes_requested"),
        ("reject", "rejected"),
    ):
        api("moderate", _decide_need(decision), idempotent_in=frozenset({done}), **writes)
    register(
        Listing(
            N,
            "moderate",
            "page",
            url=lambda n: "/moderation/",
            marker=lambda n: f'href="/moderation/need/{n.pk}/"',
        )
    )
    register(
        Listing(
            N,
            "moderate",
            "api",
            url=lambda n: "/api/v1/moderation/queue/",
            marker=lambda n: f'"kind":"need","id":{n.pk},',
        )
    )


_register_needs()


# --- Saved searches and notifications (docs/notifications.md): pages and endpoints ---------------
def _saved_search_models() -> None:
    from matching.notifications.models import Notification
    from matching.saved_searches.models import SavedSearch

    MODELS.update({"saved_search": SavedSearch, "notification": Notification})


_saved_search_models()


_SAVED_FORM = {"name": "Renamed", "query": "q=battery", "frequency": "weekly"}
_page("saved_search", "view", lambda s: get(reverse("saved-search-edit", args=[s.pk])))
_api("saved_search", "view", lambda s: get(f"/api/v1/saved-searches/{s.pk}/"))
_page(
    "saved_search",
    "edit",
    lambda s: post(reverse("saved-search-edit", args=[s.pk]), **_SAVED_FORM),
    mutates=True,
)
_page(
    "saved_search",
    "edit",
    lambda s: post(reverse("saved-search-frequency", args=[s.pk]), frequency="instant"),
    mutates=True,
)
_api(
    "saved_search",
    "edit",
    lambda s: _patch(f"/api/v1/saved-searches/{s.pk}/", name="Renamed", frequency="weekly"),
    mutates=True,
)
_page(
    "saved_search",
    "delete",
    lambda s: post(reverse("saved-search-delete", args=[s.pk])),
    mutates=True,
)
_api("saved_search", "delete", lambda s: delete(f"/api/v1/saved-searches/{s.pk}/"), mutates=True)
_lists(
    "saved_search",
    page="saved-search-list",
    data_attribute="data-saved-search",
    resource="saved-searches",
)

_page("notification", "view", lambda n: get(reverse("notifications:open", args=[n.pk])))
_api("notification", "view", lambda n: get(f"/api/v1/notifications/{n.pk}/"))
_page(
    "notification",
    "mark_read",
    lambda n: post(reverse("notifications:mark-read", args=[n.pk])),
    mutates=True,
)
_api(
    "notification",
    "mark_read",
    lambda n: post(f"/api/v1/notifications/{n.pk}/read/"),
    mutates=True,
)
_lists(
    "notification",
    page="notifications:inbox",
    data_attribute="data-notification",
    resource="notifications",
)


# --- matches for people (docs/matching.md, branch "matchui"): a match's page and API object,
# feedback on it, and the lists: "My matches" (the caller's own side only, so admins, who see
# every match in the API, find none there) and /api/v1/matches/ ---------------------------------
def _register_matches() -> None:
    from matching.matches.models import Match

    MODELS["match"] = Match
    feedback = {"verdict": "dismissed", "reason": "too-early"}
    _page("match", "view", lambda m: get(reverse("match-detail", args=[m.pk])))
    _api("match", "view", lambda m: get(f"/api/v1/matches/{m.pk}/"))
    _page(
        "match",
        "feedback",
        lambda m: post(reverse("match-feedback", args=[m.pk]), **feedback),
        mutates=True,
    )
    _api(
        "match",
        "feedback",
        lambda m: post(f"/api/v1/matches/{m.pk}/feedback/", **feedback),
        mutates=True,
    )
    _lists(
        "match",
        page="match-list",
        data_attribute="data-match",
        resource="matches",
        only_roles=frozenset({"tto_a", "manager_a", "enterprise_member"}),
    )


_register_matches()


# --- the expert pool (docs/experts.md): assessments, and asking for them --------------------------
# Submitting and declining ("answer") are checked on the queryset only: who may answer depends on
# whether the expert has a login, not on a state, which the page/API conventions cannot express
# (experts/tests/test_assessment_api.py tests those answers).
def _experts_surfaces() -> None:
    from types import SimpleNamespace

    from experts.models import Assessment
    from experts.querysets import assessable_listings

    MODELS.update(
        {
            "assessment": Assessment,
            "assessed_listing": SimpleNamespace(objects=assessable_listings),
        }
    )
    register(Request("assessment", "view", "page", lambda a: get(f"/experts/assessments/{a.pk}/")))
    register(Request("assessment", "view", "api", lambda a: get(f"/api/v1/assessments/{a.pk}/")))
    register(
        Listing(
            "assessment",
            "view",
            "api",
            url=lambda a: "/api/v1/assessments/",
            marker=lambda a: f'"id":{a.pk},',
        )
    )
    register(
        Request(
            "assessment",
            "publish",
            "page",
            lambda a: post(f"/experts/assessments/{a.pk}/publish/"),
            login_required=True,
            mutates=True,
            tells_not_now=True,
            idempotent_in=frozenset({"published"}),
        )
    )
    _api(
        "assessment",
        "publish",
        lambda a: post(f"/api/v1/assessments/{a.pk}/publish/"),
        mutates=True,
        idempotent_in=frozenset({"published"}),
    )

    def ask(listing: Any) -> Call:
        expert = Expert.objects.filter(user__email="expert@example.org").get()
        return post("/api/v1/assessments/", achievement=listing.pk, experts=[expert.pk])

    _api("assessed_listing", "request_assessment", ask, mutates=True)

    # Profiles: creating one kept by an institution, editing (no states: never "not now").
    def keeper(model: str, action: str, kind: str, build: Callable[[Any], Call]) -> None:
        register(Request(model, action, kind, build, login_required=True, mutates=True))

    keeper(
        "expert",
        "create",
        "api",
        lambda org: post("/api/v1/experts/", kept_by=org.pk, name_en="Matrix Kept"),
    )
    keeper(
        "expert",
        "create",
        "page",
        lambda org: post(
            f"/experts/new/?institution={org.pk}", name_en="Matrix Kept", visibility="public"
        ),
    )
    keeper("expert", "edit", "api", lambda e: Call("PATCH", f"/api/v1/experts/{e.pk}/", {}))
    keeper("expert", "edit", "api", lambda e: post(f"/api/v1/experts/{e.pk}/deactivate/"))
    keeper(
        "expert",
        "edit",
        "page",
        lambda e: post(f"/experts/{e.pk}/edit/", name_en="Edited Name", visibility="public"),
    )


_experts_surfaces()
