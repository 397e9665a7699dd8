"""The deals block of a listing's page: ask, request documents, announced outcomes, and for
the listing's TTO its figures of the last 30 days."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from achievements.models import Achievement, AchievementFile
from deals import funnel
from deals.models import AccessRequest, Inquiry, Outcome
from deals.querysets import deal_listings

register = template.Library()


@register.inclusion_tag("deals/listing_panel.html", takes_context=True)
def deals_panel(context: dict[str, Any], achievement: Achievement) -> dict[str, Any]:
    user = context["request"].user
    panel: dict[str, Any] = {
        "achievement": achievement,
        "user": user,
        "request": context["request"],
        "announced": list(Outcome.objects.announced().filter(achievement=achievement)),
    }
    if not user.is_authenticated:
        panel["sign_in"] = achievement.status == Achievement.Status.PUBLISHED
        return panel
    allowed = {
        action
        for action in ("inquire", "request_access", "view_funnel")
        if deal_listings.restrict(user, action).filter(pk=achievement.pk).exists()
    }
    panel["may_inquire"] = "inquire" in allowed
    if "request_access" in allowed:
        panel["has_confidential"] = AchievementFile.objects.filter(
            achievement=achievement, is_public=False
        ).exists()
        panel["access"] = (
            AccessRequest.objects.filter(requester=user, achievement=achievement)
            .exclude(status=AccessRequest.Status.WITHDRAWN)
            .first()
        )
        panel["may_request_access"] = panel["has_confidential"] and (
            panel["access"] is None
            or panel["access"].status
            in (AccessRequest.Status.DECLINED, AccessRequest.Status.REVOKED)
            or panel["access"].is_expired
        )
    panel["own_inquiries"] = list(
        Inquiry.objects.visible_to(user).sent_by_side_of(user).filter(achievement=achievement)[:5]
    )
    if "view_funnel" in allowed:
        window = funnel.window_of(funnel.DEFAULT_WINDOW)
        panel["figures"] = funnel.counts_by_listing(
            Achievement.objects.filter(pk=achievement.pk), window
        ).get(achievement.pk, funnel.Counts())
        panel["can_record"] = (
            deal_listings.restrict(user, "record_outcome").filter(pk=achievement.pk).exists()
        )
    return panel


# Readable names of the audit actions of deals objects, for their history.
ACTIONS = {
    "inquire": _("Inquiry sent"),
    "reply": _("Answered or followed up"),
    "reopen": _("Reopened by a new message"),
    "close": _("Closed"),
    "request_access": _("Documents requested"),
    "accept_nda": _("NDA accepted"),
    "approve": _("Approved"),
    "decline": _("Declined"),
    "revoke": _("Access revoked"),
    "withdraw": _("Withdrawn"),
    "record_outcome": _("Outcome recorded"),
    "edit_outcome": _("Outcome corrected"),
    "withdraw_outcome": _("Outcome withdrawn"),
    "publish_nda": _("NDA version published"),
    "retire_nda": _("NDA no longer asked for"),
}


@register.filter
def deal_action(action: str) -> str:
    return str(ACTIONS.get(action, action))
