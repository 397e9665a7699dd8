"""THE permission matrix: one table, role × object state × action → allowed or not.

It is docs/permissions.md in executable form. Each line names a model, an object state, an
action and the roles allowed ("Y") or refused ("."). Every surface registered for that
(model, action) in surfaces.py — querysets, pages, API endpoints, later search, exports — is
checked against the same line.

The objects (see world.py): achievements and disclosures of University A (disclosures submitted
by researcher_a), needs of Enterprise C (posted by enterprise_member), the expert's own profile
and one kept by University A's TTO, University A itself, researcher_a's membership of A,
tto_a's API token and an invitation to A. "-" as a state: the action is not about an existing
object (create on behalf of A or C).

A change of rules is a change of this table and of docs/permissions.md, in the same commit.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = [
    "anonymous",
    "researcher_a",
    "tto_a",
    "manager_a",
    "tto_b",
    "enterprise_member",
    "expert",
    "moderator",
    "admin",
]

# model        state              action     anon res_a tto_a mgr_a tto_b ent exp mod admin
MATRIX = """
achievement    draft              view       .    .     Y     Y     .     .   .   .   Y
achievement    submitted          view       .    .     Y     Y     .     .   .   Y   Y
achievement    changes_requested  view       .    .     Y     Y     .     .   .   Y   Y
achievement    published          view       Y    Y     Y     Y     Y     Y   Y   Y   Y
achievement    rejected           view       .    .     Y     Y     .     .   .   Y   Y
achievement    archived           view       .    .     Y     Y     .     .   .   Y   Y
achievement    -                  create     .    .     Y     Y     .     .   .   .   Y
achievement    draft              edit       .    .     Y     Y     .     .   .   .   Y
achievement    submitted          edit       .    .     .     .     .     .   .   .   .
achievement    changes_requested  edit       .    .     Y     Y     .     .   .   .   Y
achievement    published          edit       .    .     Y     Y     .     .   .   .   Y
achievement    rejected           edit       .    .     .     .     .     .   .   .   .
achievement    archived           edit       .    .     .     .     .     .   .   .   .
achievement    draft              submit     .    .     Y     Y     .     .   .   .   Y
achievement    submitted          submit     .    .     .     .     .     .   .   .   .
achievement    changes_requested  submit     .    .     Y     Y     .     .   .   .   Y
achievement    published          submit     .    .     .     .     .     .   .   .   .
achievement    rejected           submit     .    .     .     .     .     .   .   .   .
achievement    archived           submit     .    .     .     .     .     .   .   .   .
achievement    draft              moderate   .    .     .     .     .     .   .   .   .
achievement    submitted          moderate   .    .     .     .     .     .   .   Y   Y
achievement    changes_requested  moderate   .    .     .     .     .     .   .   .   .
achievement    published          moderate   .    .     .     .     .     .   .   .   .
achievement    rejected           moderate   .    .     .     .     .     .   .   .   .
achievement    archived           moderate   .    .     .     .     .     .   .   .   .
achievement    draft              archive    .    .     Y     Y     .     .   .   .   Y
achievement    submitted          archive    .    .     .     .     .     .   .   .   .
achievement    changes_requested  archive    .    .     Y     Y     .     .   .   .   Y
achievement    published          archive    .    .     Y     Y     .     .   .   Y   Y
achievement    rejected           archive    .    .     Y     Y     .     .   .   .   Y
achievement    archived           archive    .    .     .     .     .     .   .   .   .
achievement    draft              export     .    .     Y     Y     .     .   .   .   Y
achievement    submitted          export     .    .     Y     Y     .     .   .   Y   Y
achievement    published          export     Y    Y     Y     Y     Y     Y   Y   Y   Y
achievement    archived           export     .    .     Y     Y     .     .   .   Y   Y

disclosure     draft              view       .    Y     .     .     .     .   .   .   Y
disclosure     submitted          view       .    Y     Y     Y     .     .   .   .   Y
disclosure     under_review       view       .    Y     Y     Y     .     .   .   .   Y
disclosure     accepted           view       .    Y     Y     Y     .     .   .   .   Y
disclosure     declined           view       .    Y     Y     Y     .     .   .   .   Y
disclosure     converted          view       .    Y     Y     Y     .     .   .   .   Y
disclosure     -                  create     .    Y     Y     Y     .     .   .   .   Y
disclosure     draft              edit       .    Y     .     .     .     .   .   .   Y
disclosure     submitted          edit       .    .     .     .     .     .   .   .   .
disclosure     draft              submit     .    Y     .     .     .     .   .   .   Y
disclosure     submitted          submit     .    .     .     .     .     .   .   .   .
disclosure     draft              review     .    .     .     .     .     .   .   .   .
disclosure     submitted          review     .    .     Y     Y     .     .   .   .   Y
disclosure     under_review       review     .    .     Y     Y     .     .   .   .   Y
disclosure     accepted           review     .    .     .     .     .     .   .   .   .
disclosure     under_review       convert    .    .     .     .     .     .   .   .   .
disclosure     accepted           convert    .    .     Y     Y     .     .   .   .   Y
disclosure     converted          convert    .    .     .     .     .     .   .   .   .
disclosure     draft              export     .    Y     .     .     .     .   .   .   Y
disclosure     submitted          export     .    Y     Y     Y     .     .   .   .   Y

need           draft              view       .    .     .     .     .     Y   .   .   Y
need           submitted          view       .    .     .     .     .     Y   .   Y   Y
need           changes_requested  view       .    .     .     .     .     Y   .   Y   Y
need           published          view       Y    Y     Y     Y     Y     Y   Y   Y   Y
need           rejected           view       .    .     .     .     .     Y   .   Y   Y
need           closed             view       .    .     .     .     .     Y   .   Y   Y
need           fulfilled          view       .    .     .     .     .     Y   .   Y   Y
need           expired            view       .    .     .     .     .     Y   .   Y   Y
need           -                  create     .    .     .     .     .     Y   .   .   Y
need           draft              edit       .    .     .     .     .     Y   .   .   Y
need           submitted          edit       .    .     .     .     .     .   .   .   .
need           published          edit       .    .     .     .     .     Y   .   .   Y
need           closed             edit       .    .     .     .     .     .   .   .   .
need           draft              submit     .    .     .     .     .     Y   .   .   Y
need           changes_requested  submit     .    .     .     .     .     Y   .   .   Y
need           published          submit     .    .     .     .     .     .   .   .   .
need           submitted          moderate   .    .     .     .     .     .   .   Y   Y
need           published          moderate   .    .     .     .     .     .   .   .   .
need           published          close      .    .     .     .     .     Y   .   .   Y
need           draft              close      .    .     .     .     .     .   .   .   .
need           draft              export     .    .     .     .     .     Y   .   .   Y
need           published          export     Y    Y     Y     Y     Y     Y   Y   Y   Y

expert         public             view       Y    Y     Y     Y     Y     Y   Y   Y   Y
expert         registered         view       .    Y     Y     Y     Y     Y   Y   Y   Y
expert         unlisted           view       .    .     .     .     .     .   Y   Y   Y
expert         kept_public        view       Y    Y     Y     Y     Y     Y   Y   Y   Y
expert         kept_unlisted      view       .    .     Y     Y     .     .   .   Y   Y
expert         -                  create     .    .     Y     Y     .     .   .   .   Y
expert         public             edit       .    .     .     .     .     .   Y   .   Y
expert         unlisted           edit       .    .     .     .     .     .   Y   .   Y
expert         kept_public        edit       .    .     Y     Y     .     .   .   .   Y
expert         registered         export     .    Y     Y     Y     Y     Y   Y   Y   Y

organization   verified           view       Y    Y     Y     Y     Y     Y   Y   Y   Y
organization   unverified         view       .    Y     Y     Y     Y     Y   Y   Y   Y
organization   verified           edit       .    .     .     Y     .     .   .   .   Y
organization   verified           manage_members .  .  .     Y     .     .   .   .   Y
organization   unverified         manage_members .  .  .     Y     .     .   .   .   Y
organization   unverified         verify     .    .     .     .     .     .   .   .   Y
organization   verified           verify     .    .     .     .     .     .   .   .   .

membership     pending            view       .    Y     .     Y     .     .   .   .   Y
membership     active             view       .    Y     .     Y     .     .   .   .   Y
membership     rejected           view       .    Y     .     Y     .     .   .   .   Y
membership     pending            decide     .    .     .     Y     .     .   .   .   Y
membership     active             decide     .    .     .     .     .     .   .   .   .
membership     active             edit       .    .     .     Y     .     .   .   .   Y
membership     pending            edit       .    .     .     .     .     .   .   .   .
membership     active             remove     .    Y     .     Y     .     .   .   .   Y
membership     pending            remove     .    Y     .     .     .     .   .   .   Y
membership     active             leave      .    Y     .     .     .     .   .   .   Y
membership     pending            leave      .    Y     .     .     .     .   .   .   Y
membership     rejected           leave      .    .     .     .     .     .   .   .   .
membership     active             export     .    Y     .     Y     .     .   .   .   Y
membership     rejected           remove     .    .     .     .     .     .   .   .   .

invitation     open               view       .    .     .     Y     .     .   .   .   Y
invitation     accepted           view       .    .     .     Y     .     .   .   .   Y
invitation     open               withdraw   .    .     .     Y     .     .   .   .   Y
invitation     accepted           withdraw   .    .     .     .     .     .   .   .   .

api_token      active             view       .    .     Y     .     .     .   .   .   Y
api_token      active             revoke     .    .     Y     .     .     .   .   .   Y
api_token      revoked            view       .    .     Y     .     .     .   .   .   Y
api_token      revoked            revoke     .    .     .     .     .     .   .   .   .
"""

# --- deals (docs/deals.md) --------------------------------------------------------------------
# An inquiry sent by enterprise_member on behalf of Enterprise C about a published listing of
# University A; a document request of enterprise_member for such a listing (pending_nda: the
# University has an NDA in force, not yet accepted; nda_accepted: accepted; expired: approved
# with an expiry in the past); a confidential document of such a listing, by the state of
# enterprise_member's request for it (none: no request); the listing and University A for the
# actions deals adds to them; an outcome recorded on the listing (shown: announced on it;
# hidden: not); University A's NDA. Moderators read none of it: no private messages, no deals.
MATRIX += """
inquiry          open             view       .    .     Y     Y     .     Y   .   .   Y
inquiry          answered         view       .    .     Y     Y     .     Y   .   .   Y
inquiry          closed           view       .    .     Y     Y     .     Y   .   .   Y
inquiry          open             reply      .    .     Y     Y     .     Y   .   .   Y
inquiry          answered         reply      .    .     Y     Y     .     Y   .   .   Y
inquiry          closed           reply      .    .     Y     Y     .     Y   .   .   Y
inquiry          open             close      .    .     Y     Y     .     Y   .   .   Y
inquiry          answered         close      .    .     Y     Y     .     Y   .   .   Y
inquiry          closed           close      .    .     .     .     .     .   .   .   .

access_request   pending          view       .    .     Y     Y     .     Y   .   .   Y
access_request   pending_nda      view       .    .     Y     Y     .     Y   .   .   Y
access_request   nda_accepted     view       .    .     Y     Y     .     Y   .   .   Y
access_request   approved         view       .    .     Y     Y     .     Y   .   .   Y
access_request   expired          view       .    .     Y     Y     .     Y   .   .   Y
access_request   declined         view       .    .     Y     Y     .     Y   .   .   Y
access_request   revoked          view       .    .     Y     Y     .     Y   .   .   Y
access_request   withdrawn        view       .    .     Y     Y     .     Y   .   .   Y
access_request   pending          accept_nda .    .     .     .     .     .   .   .   .
access_request   pending_nda      accept_nda .    .     .     .     .     Y   .   .   Y
access_request   nda_accepted     accept_nda .    .     .     .     .     .   .   .   .
access_request   approved         accept_nda .    .     .     .     .     .   .   .   .
access_request   pending          approve    .    .     Y     Y     .     .   .   .   Y
access_request   pending_nda      approve    .    .     .     .     .     .   .   .   .
access_request   nda_accepted     approve    .    .     Y     Y     .     .   .   .   Y
access_request   approved         approve    .    .     .     .     .     .   .   .   .
access_request   declined         approve    .    .     .     .     .     .   .   .   .
access_request   withdrawn        approve    .    .     .     .     .     .   .   .   .
access_request   pending          decline    .    .     Y     Y     .     .   .   .   Y
access_request   pending_nda      decline    .    .     Y     Y     .     .   .   .   Y
access_request   approved         decline    .    .     .     .     .     .   .   .   .
access_request   pending          revoke     .    .     .     .     .     .   .   .   .
access_request   approved         revoke     .    .     Y     Y     .     .   .   .   Y
access_request   expired          revoke     .    .     Y     Y     .     .   .   .   Y
access_request   revoked          revoke     .    .     .     .     .     .   .   .   .
access_request   pending          withdraw   .    .     .     .     .     Y   .   .   Y
access_request   pending_nda      withdraw   .    .     .     .     .     Y   .   .   Y
access_request   approved         withdraw   .    .     .     .     .     .   .   .   .
access_request   declined         withdraw   .    .     .     .     .     .   .   .   .

confidential_file none            view       .    .     Y     Y     .     .   .   Y   Y
confidential_file pending         view       .    .     Y     Y     .     .   .   Y   Y
confidential_file approved        view       .    .     Y     Y     .     Y   .   Y   Y
confidential_file expired         view       .    .     Y     Y     .     .   .   Y   Y
confidential_file revoked         view       .    .     Y     Y     .     .   .   Y   Y
confidential_file declined        view       .    .     Y     Y     .     .   .   Y   Y
confidential_file withdrawn       view       .    .     Y     Y     .     .   .   Y   Y

deal_listing     published        view       Y    Y     Y     Y     Y     Y   Y   Y   Y
deal_listing     draft            view       .    .     Y     Y     .     .   .   .   Y
deal_listing     archived         view       .    .     Y     Y     .     .   .   Y   Y
deal_listing     published        inquire    .    Y     .     .     Y     Y   Y   Y   Y
deal_listing     draft            inquire    .    .     .     .     .     .   .   .   .
deal_listing     archived         inquire    .    .     .     .     .     .   .   .   .
deal_listing     published        request_access .  Y   .     .     Y     Y   Y   Y   Y
deal_listing     draft            request_access .  .   .     .     .     .   .   .   .
deal_listing     archived         request_access .  .   .     .     .     .   .   .   .
deal_listing     published        record_outcome .  .   Y     Y     .     .   .   .   Y
deal_listing     draft            record_outcome .  .   .     .     .     .   .   .   .
deal_listing     archived         record_outcome .  .   Y     Y     .     .   .   .   Y
deal_listing     published        view_funnel .   .     Y     Y     .     .   .   .   Y
deal_listing     draft            view_funnel .   .     Y     Y     .     .   .   .   Y
deal_listing     archived         view_funnel .   .     Y     Y     .     .   .   .   Y

deal_institution verified         view       Y    Y     Y     Y     Y     Y   Y   Y   Y
deal_institution verified         view_funnel .   .     Y     Y     .     .   .   .   Y
deal_institution verified         manage_nda .    .     Y     Y     .     .   .   .   Y

outcome          shown            view       .    .     Y     Y     .     .   .   .   Y
outcome          hidden           view       .    .     Y     Y     .     .   .   .   Y
outcome          withdrawn        view       .    .     Y     Y     .     .   .   .   Y
outcome          shown            view_public Y   Y     Y     Y     Y     Y   Y   Y   Y
outcome          hidden           view_public .   .     .     .     .     .   .   .   .
outcome          withdrawn        view_public .   .     .     .     .     .   .   .   .
outcome          shown            edit       .    .     Y     Y     .     .   .   .   Y
outcome          hidden           edit       .    .     Y     Y     .     .   .   .   Y
outcome          withdrawn        edit       .    .     .     .     .     .   .   .   .
outcome          shown            withdraw   .    .     Y     Y     .     .   .   .   Y
outcome          withdrawn        withdraw   .    .     .     .     .     .   .   .   .

nda              current          view       .    .     Y     Y     .     .   .   .   Y
nda              retired          view       .    .     Y     Y     .     .   .   .   Y
"""

# --- Added with the API's write side and the pages × API matrix (branch "flow") ----------------
# The history page of a listing; listing files (of a published, draft or submitted listing);
# abuse reports (filed by enterprise_member against a published listing of A); import jobs of
# A; an unverified organisation with a published listing ("listed"); the review and convert
# actions in the states after a decision.
#
# model        state              action     anon res_a tto_a mgr_a tto_b ent exp mod admin
FLOW_MATRIX = """
achievement    draft              history    .    .     Y     Y     .     .   .   .   Y
achievement    submitted          history    .    .     Y     Y     .     .   .   Y   Y
achievement    published          history    .    .     Y     Y     .     .   .   Y   Y
achievement    rejected           history    .    .     Y     Y     .     .   .   Y   Y
achievement    archived           history    .    .     Y     Y     .     .   .   Y   Y
achievement    rejected           export     .    .     Y     Y     .     .   .   Y   Y

disclosure     declined           review     .    .     .     .     .     .   .   .   .
disclosure     converted          review     .    .     .     .     .     .   .   .   .
disclosure     draft              convert    .    .     .     .     .     .   .   .   .
disclosure     declined           convert    .    .     .     .     .     .   .   .   .
disclosure     under_review       edit       .    .     .     .     .     .   .   .   .
disclosure     accepted           submit     .    .     .     .     .     .   .   .   .

achievement_file public           view       Y    Y     Y     Y     Y     Y   Y   Y   Y
achievement_file confidential     view       .    .     Y     Y     .     .   .   Y   Y
achievement_file draft_public     view       .    .     Y     Y     .     .   .   .   Y
achievement_file submitted_confidential view .  .     Y     Y     .     .   .   Y   Y

abuse_report   open               view       .    .     .     .     .     Y   .   Y   Y
abuse_report   dismissed          view       .    .     .     .     .     Y   .   Y   Y
abuse_report   open               resolve    .    .     .     .     .     .   .   Y   Y
abuse_report   dismissed          resolve    .    .     .     .     .     .   .   .   .

import_job     checked            view       .    .     Y     Y     .     .   .   .   Y
import_job     done               view       .    .     Y     Y     .     .   .   .   Y

organization   unverified_listed  view       Y    Y     Y     Y     Y     Y   Y   Y   Y
"""


@dataclass(frozen=True)
class Row:
    model: str
    state: str
    action: str
    allowed: frozenset[str]

    @property
    def id(self) -> str:
        return f"{self.model}-{self.state}-{self.action}".replace("--", "-")


def parse(text: str) -> list[Row]:
    rows = []
    for line in text.strip().splitlines():
        if not line.strip():
            continue
        model, state, action, *marks = line.split()
        if len(marks) != len(ROLES) or set(marks) - {"Y", "."}:
            raise ValueError(f"malformed matrix line: {line!r}")
        allowed = frozenset(role for role, mark in zip(ROLES, marks, strict=True) if mark == "Y")
        rows.append(Row(model, state, action, allowed))
    return rows


ROWS = parse(MATRIX) + parse(FLOW_MATRIX)


def may(model: str, state: str, action: str, role: str) -> bool:
    for row in ROWS:
        if (row.model, row.state, row.action) == (model, state, action):
            return role in row.allowed
    raise KeyError(f"the matrix has no line for {model} {state} {action}")


def may_view(model: str, state: str, role: str) -> bool:
    """Whether the role may see the object at all (decides 404 versus 403 for refusals)."""
    return may(model, state, "view", role)


def holds(model: str, action: str, role: str) -> bool:
    """Whether the role may do the action in some state: refused in this one, it is told "not
    now" (409, or a message on a page) rather than "not yours" (403)."""
    return any(role in row.allowed for row in ROWS if (row.model, row.action) == (model, action))


# --- needs: the enterprise's lifecycle (docs/needs.md) -----------------------------------------
# Needs of Enterprise C posted by enterprise_member, as above; withdraw (back to draft), the
# moderators' take-down of a published need, the history page, and the states the first block
# leaves out.
#
# model        state              action     anon res_a tto_a mgr_a tto_b ent exp mod admin
NEEDS_MATRIX = """
need           changes_requested  edit       .    .     .     .     .     Y   .   .   Y
need           rejected           edit       .    .     .     .     .     .   .   .   .
need           fulfilled          edit       .    .     .     .     .     .   .   .   .
need           expired            edit       .    .     .     .     .     .   .   .   .
need           submitted          submit     .    .     .     .     .     .   .   .   .
need           rejected           submit     .    .     .     .     .     .   .   .   .
need           expired            submit     .    .     .     .     .     .   .   .   .
need           draft              withdraw   .    .     .     .     .     .   .   .   .
need           submitted          withdraw   .    .     .     .     .     Y   .   .   Y
need           changes_requested  withdraw   .    .     .     .     .     Y   .   .   Y
need           published          withdraw   .    .     .     .     .     .   .   .   .
need           rejected           withdraw   .    .     .     .     .     .   .   .   .
need           draft              moderate   .    .     .     .     .     .   .   .   .
need           changes_requested  moderate   .    .     .     .     .     .   .   .   .
need           rejected           moderate   .    .     .     .     .     .   .   .   .
need           submitted          close      .    .     .     .     .     .   .   .   .
need           closed             close      .    .     .     .     .     .   .   .   .
need           fulfilled          close      .    .     .     .     .     .   .   .   .
need           expired            close      .    .     .     .     .     .   .   .   .
need           published          take_down  .    .     .     .     .     .   .   Y   Y
need           submitted          take_down  .    .     .     .     .     .   .   .   .
need           closed             take_down  .    .     .     .     .     .   .   .   .
need           draft              history    .    .     .     .     .     Y   .   .   Y
need           submitted          history    .    .     .     .     .     Y   .   Y   Y
need           published          history    .    .     .     .     .     Y   .   Y   Y
need           rejected           history    .    .     .     .     .     Y   .   Y   Y
need           expired            history    .    .     .     .     .     Y   .   Y   Y
need           expired            export     .    .     .     .     .     Y   .   Y   Y
"""
ROWS += parse(NEEDS_MATRIX)


# --- Saved searches and notifications (docs/notifications.md) ------------------------------------
# A saved search of enterprise_member (active: checked daily; paused) and a notification of
# theirs about a published listing (unread, read). Only the owner sees or changes them: no
# colleague, moderator or admin (the admin site is the place for support work).
#
# model        state              action     anon res_a tto_a mgr_a tto_b ent exp mod admin
SAVED_SEARCH_MATRIX = """
saved_search   active             view       .    .     .     .     .     Y   .   .   .
saved_search   paused             view       .    .     .     .     .     Y   .   .   .
saved_search   active             edit       .    .     .     .     .     Y   .   .   .
saved_search   paused             edit       .    .     .     .     .     Y   .   .   .
saved_search   active             delete     .    .     .     .     .     Y   .   .   .
saved_search   paused             delete     .    .     .     .     .     Y   .   .   .
notification   unread             view       .    .     .     .     .     Y   .   .   .
notification   read               view       .    .     .     .     .     Y   .   .   .
notification   unread             mark_read  .    .     .     .     .     Y   .   .   .
notification   read               mark_read  .    .     .     .     .     Y   .   .   .
"""
ROWS += parse(SAVED_SEARCH_MATRIX)


# --- matches for people (docs/matching.md, branch "matchui") ---------------------------------
# A match of each kind between a published need of Enterprise C, a published listing of
# University A and a public expert (not the expert role's own profile); withdrawn_listing: a
# need-achievement match whose listing was archived since — gone from everyone's lists but the
# admins'. "feedback" is marking a match useful or dismissing it: whoever is shown it.
#
# model        state              action     anon res_a tto_a mgr_a tto_b ent exp mod admin
MATCH_MATRIX = """
match          need_achievement   view       .    .     Y     Y     .     Y   .   .   Y
match          need_expert        view       .    .     .     .     .     Y   .   .   Y
match          achievement_expert view       .    .     Y     Y     .     .   .   .   Y
match          withdrawn_listing  view       .    .     .     .     .     .   .   .   Y
match          need_achievement   feedback   .    .     Y     Y     .     Y   .   .   Y
match          need_expert        feedback   .    .     .     .     .     Y   .   .   Y
match          achievement_expert feedback   .    .     Y     Y     .     .   .   .   Y
match          withdrawn_listing  feedback   .    .     .     .     .     .   .   .   Y
"""
ROWS += parse(MATCH_MATRIX)


# --- the expert pool: assessments (docs/experts.md) ---------------------------------------------
# An assessment of a published listing of A, asked by tto_a of the expert (who has a login), in
# each state ("published": submitted and shown on the listing); "kept_requested": asked of an
# expert without a login, kept by A, whose assessment A's TTO records. "assessed_listing": a
# listing of A in a state, and who may ask experts to assess it.
#
# model          state            action     anon res_a tto_a mgr_a tto_b ent exp mod admin
EXPERTS_MATRIX = """
assessment       requested        view       .    .     Y     Y     .     .   Y   .   Y
assessment       submitted        view       .    .     Y     Y     .     .   Y   .   Y
assessment       published        view       Y    Y     Y     Y     Y     Y   Y   Y   Y
assessment       declined         view       .    .     Y     Y     .     .   Y   .   Y
assessment       kept_requested   view       .    .     Y     Y     .     .   .   .   Y
assessment       requested        answer     .    .     .     .     .     .   Y   .   Y
assessment       submitted        answer     .    .     .     .     .     .   .   .   .
assessment       declined         answer     .    .     .     .     .     .   .   .   .
assessment       kept_requested   answer     .    .     Y     Y     .     .   .   .   Y
assessment       requested        publish    .    .     .     .     .     .   .   .   .
assessment       submitted        publish    .    .     Y     Y     .     .   .   .   Y
assessment       published        publish    .    .     Y     Y     .     .   .   .   Y
assessment       declined         publish    .    .     .     .     .     .   .   .   .

assessed_listing published        view       Y    Y     Y     Y     Y     Y   Y   Y   Y
assessed_listing draft            view       .    .     Y     Y     .     .   .   .   Y
assessed_listing archived         view       .    .     Y     Y     .     .   .   Y   Y
assessed_listing published        request_assessment . . Y   Y     .     .   .   .   Y
assessed_listing draft            request_assessment . . Y   Y     .     .   .   .   Y
assessed_listing archived         request_assessment . . .   .     .     .   .   .   .
"""

ROWS += parse(EXPERTS_MATRIX)
