"""Matches in templates: the why of a match, and the panel a need's or listing's page shows.

The detail pages include ``matching/matches/_panel.html`` with one line; the panel asks
``match_panel`` for its context, so those views need no change.
"""

from __future__ import annotations

from typing import Any

from django import template

from accounts.roles import is_admin, organization_ids, tto_organization_ids
from achievements.models import Achievement
from matching.matches import selectors
from matching.matches.models import Match, MatchFeedback
from matching.matches.why import Reason, explain
from needs.models import Need

register = template.Library()


@register.filter
def why(match: Match) -> list[Reason]:
    return explain(match)


@register.simple_tag(takes_context=True)
def match_panel(context: Any, subject: Any) -> dict[str, Any]:
    """The matches of a need (for its enterprise) or of a listing (for its TTO), and for a
    listing the reasons enterprises gave when they dismissed it. Empty for everyone else."""
    request = context.get("request")
    user = getattr(request, "user", None)
    panel: dict[str, Any] = {"shown": False}
    if user is None or not user.is_authenticated:
        return panel
    if isinstance(subject, Need):
        if not (is_admin(user) or subject.organization_id in organization_ids(user)):
            return panel
        panel["matches"] = selectors.for_need(user, subject)
    elif isinstance(subject, Achievement):
        if not (is_admin(user) or subject.institution_id in tto_organization_ids(user)):
            return panel
        panel["matches"] = selectors.for_achievement(user, subject)
        panel["dismissal_counts"] = selectors.dismissal_counts(user, achievement=subject)
        panel["dismissed_total"] = sum(count for _v, _l, count in panel["dismissal_counts"])
    else:
        return panel
    panel["shown"] = True
    panel["subject"] = subject
    panel["feedback_reasons"] = MatchFeedback.Reason.choices
    return panel


@register.filter
def sees_matches(user: Any) -> bool:
    """Enterprise members and TTO officers have a "My matches" page (researchers do not)."""
    return bool(organization_ids(user, ("member", "manager", "tto_officer", "tto_manager")))
