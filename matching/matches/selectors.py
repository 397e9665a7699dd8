"""Reads of matches for the pages, the panels and the API: always on visible_to(user).

- ``with_verdict_of(matches, user)``: each match carries the user's own verdict and reason;
- ``for_need`` / ``for_achievement``: the panel of a need's page (its enterprise) and of a
  listing's page (its TTO);
- ``my_matches``: "My matches", across the user's organisation's needs and listings;
- ``dismissal_counts``: how often an institution's listings were dismissed, by reason — counts
  only, never who.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery

from accounts.models import Membership
from accounts.roles import AnyUser, is_admin, organization_ids, tto_organization_ids
from achievements.models import Achievement
from matching.matches.models import Match, MatchFeedback
from matching.matches.querysets import NEED_ACHIEVEMENT

Reason = MatchFeedback.Reason
PANEL_SIZE = 10


def with_sides(matches: QuerySet[Match]) -> QuerySet[Match]:
    """What the pages show of each match: its sides, their fields and organisations."""
    return matches.select_related(
        "need__organization", "achievement__institution", "expert"
    ).prefetch_related("need__fields", "achievement__fields", "expert__fields")


def with_verdict_of(matches: QuerySet[Match], user: AnyUser) -> QuerySet[Match]:
    """Annotates ``my_verdict`` and ``my_reason`` ("" when the user gave none)."""
    if not user.is_authenticated:
        return matches
    mine = MatchFeedback.objects.filter(match=OuterRef("pk"), user=user.pk)
    return matches.annotate(
        my_verdict=Subquery(mine.values("verdict")[:1]),
        my_reason=Subquery(mine.values("reason")[:1]),
    )


def without_dismissed_by(matches: QuerySet[Match], user: AnyUser) -> QuerySet[Match]:
    if not user.is_authenticated:
        return matches
    dismissed = MatchFeedback.objects.filter(
        match=OuterRef("pk"), user=user.pk, verdict=MatchFeedback.Verdict.DISMISSED
    )
    return matches.filter(~Exists(dismissed))


def only_dismissed_by(matches: QuerySet[Match], user: AnyUser) -> QuerySet[Match]:
    if not user.is_authenticated:
        return matches.none()
    dismissed = MatchFeedback.objects.filter(
        match=OuterRef("pk"), user=user.pk, verdict=MatchFeedback.Verdict.DISMISSED
    )
    return matches.filter(Exists(dismissed))


def my_matches(user: AnyUser) -> QuerySet[Match]:
    """The matches of the user's organisation's needs and listings, best first."""
    rows = Match.objects.visible_to(user).on_side_of(user)
    return with_verdict_of(with_sides(rows), user).order_by("-score", "id")


def for_need(user: AnyUser, need: Any, *, show_dismissed: bool = False) -> list[Match]:
    """The need's matches for its enterprise (and admins), best first, for its page."""
    rows: QuerySet[Match] = Match.objects.visible_to(user).filter(need=need)
    if not is_admin(user):
        rows = rows.filter(need__organization_id__in=sorted(organization_ids(user)))
    if not show_dismissed:
        rows = without_dismissed_by(rows, user)
    return list(with_verdict_of(with_sides(rows), user).order_by("-score", "id")[:PANEL_SIZE])


def for_achievement(
    user: AnyUser, achievement: Any, *, show_dismissed: bool = False
) -> list[Match]:
    """The listing's matches for its TTO (and admins), best first, for its page."""
    rows: QuerySet[Match] = Match.objects.visible_to(user).filter(achievement=achievement)
    if not is_admin(user):
        rows = rows.filter(achievement__institution_id__in=sorted(tto_organization_ids(user)))
    if not show_dismissed:
        rows = without_dismissed_by(rows, user)
    return list(with_verdict_of(with_sides(rows), user).order_by("-score", "id")[:PANEL_SIZE])


def _listing_dismissals() -> QuerySet[MatchFeedback]:
    """Dismissals of listings by the enterprises they were matched with (not by the TTO)."""
    by_need_side = Membership.objects.filter(
        user=OuterRef("user"),
        organization=OuterRef("match__need__organization"),
        status=Membership.Status.ACTIVE,
    )
    return MatchFeedback.objects.filter(
        verdict=MatchFeedback.Verdict.DISMISSED, match__kind=NEED_ACHIEVEMENT
    ).filter(Exists(by_need_side))


def dismissal_counts(
    user: AnyUser, *, achievement: Any | None = None
) -> list[tuple[str, str, int]]:
    """(reason, label, count) for every reason, over the listings of the user's TTO — or one
    of them — that enterprises dismissed. Counts only: never who, never which need."""
    rows = _listing_dismissals()
    if not is_admin(user):
        institutions = sorted(tto_organization_ids(user))
        rows = rows.filter(match__achievement__institution_id__in=institutions)
    if achievement is not None:
        rows = rows.filter(match__achievement=achievement)
    counts = Counter(dict(_counts(rows)))
    return [(value, str(label), counts.get(value, 0)) for value, label in Reason.choices]


def _counts(rows: QuerySet[MatchFeedback]) -> list[tuple[str, int]]:
    return list(rows.values_list("reason").annotate(n=Count("id")).order_by())


def dismissals_by_listing(user: AnyUser, limit: int = 10) -> list[dict[str, Any]]:
    """Per listing of the user's TTO with dismissals: its id, title and counts by reason,
    most dismissed first (the TTO's "My matches" page)."""
    if not tto_organization_ids(user) and not is_admin(user):
        return []
    rows = _listing_dismissals()
    if not is_admin(user):
        institutions = sorted(tto_organization_ids(user))
        rows = rows.filter(match__achievement__institution_id__in=institutions)
    found = rows.values_list("match__achievement", "reason").annotate(n=Count("id")).order_by()
    by_listing: dict[int, Counter[str]] = {}
    for listing_id, reason, count in found:
        by_listing.setdefault(listing_id, Counter())[reason] = count
    ranked = sorted(by_listing, key=lambda pk: (-sum(by_listing[pk].values()), pk))[:limit]
    listings = Achievement.objects.in_bulk(ranked)
    return [
        {
            "achievement": listings[pk],
            "total": sum(by_listing[pk].values()),
            "counts": [by_listing[pk].get(value, 0) for value in Reason.values],
        }
        for pk in ranked
        if pk in listings
    ]
