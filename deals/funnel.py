"""The funnel: what happens to listings after they are found — views, inquiries, document
requests, NDAs accepted, approvals, outcomes — per listing and per institution, over the last
30, 90 or 365 days. Read by the institution's TTO only (deals.querysets: "view_funnel").

Each figure is one grouped query over the institution's listings, so an overview costs six
queries however many listings there are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization
from accounts.roles import AnyUser
from achievements.models import Achievement
from deals.models import AccessRequest, Inquiry, ListingViewDay, NdaAcceptance, Outcome
from deals.querysets import deal_institutions, deal_listings

WINDOWS = (30, 90, 365)
DEFAULT_WINDOW = 30
MAX_LISTINGS = 500  # rows in an overview; the totals count every listing
STAGES = (
    "views",
    "inquiries",
    "access_requested",
    "ndas_accepted",
    "access_approved",
    "outcomes",
)


@dataclass(frozen=True)
class Counts:
    views: int = 0
    inquiries: int = 0
    access_requested: int = 0
    ndas_accepted: int = 0
    access_approved: int = 0
    outcomes: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, s) + getattr(other, s) for s in STAGES))

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, s) for s in STAGES)

    def as_dict(self) -> dict[str, int]:
        return {s: getattr(self, s) for s in STAGES}


@dataclass(frozen=True)
class Window:
    days: int
    first_day: dt.date
    last_day: dt.date

    @property
    def start(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.first_day, dt.time.min))


@dataclass(frozen=True)
class ListingRow:
    achievement: Achievement
    counts: Counts


@dataclass(frozen=True)
class InstitutionFunnel:
    institution: Organization
    window: Window
    totals: Counts
    listings: list[ListingRow]


@dataclass(frozen=True)
class ListingFunnel:
    achievement: Achievement
    window: Window
    totals: Counts
    daily_views: list[tuple[dt.date, int]] = field(default_factory=list)


def window_of(days: Any) -> Window:
    """The last `days` days, today included; `days` must be one of WINDOWS."""
    try:
        number = int(days) if days not in (None, "") else DEFAULT_WINDOW
    except (TypeError, ValueError):
        number = -1
    if number not in WINDOWS:
        raise ValidationError({"days": _("Choose 30, 90 or 365 days.")}, code="invalid_window")
    today = timezone.localdate()
    return Window(number, today - dt.timedelta(days=number - 1), today)


def _by_listing(rows: Any, name: str, counts: dict[int, dict[str, int]]) -> None:
    for row in rows:
        counts.setdefault(row["listing"], {})[name] = row["n"] or 0


def counts_by_listing(listings: Any, window: Window) -> dict[int, Counts]:
    """{listing id: Counts} for the given listings (a queryset of Achievement) in the window."""
    ids = listings.values("pk")
    found: dict[int, dict[str, int]] = {}
    grouped = {
        "views": ListingViewDay.objects.filter(
            achievement__in=ids, day__gte=window.first_day, day__lte=window.last_day
        ),
        "inquiries": Inquiry.objects.filter(achievement__in=ids, created_at__gte=window.start),
        "access_requested": AccessRequest.objects.filter(
            achievement__in=ids, created_at__gte=window.start
        ),
        "ndas_accepted": NdaAcceptance.objects.filter(
            access_request__achievement__in=ids, accepted_at__gte=window.start
        ),
        # Approvals made in the window, including access revoked since.
        "access_approved": AccessRequest.objects.filter(
            achievement__in=ids,
            status__in=[AccessRequest.Status.APPROVED, AccessRequest.Status.REVOKED],
            decided_at__gte=window.start,
        ),
        "outcomes": Outcome.objects.filter(
            achievement__in=ids,
            status=Outcome.Status.RECORDED,
            signed_on__gte=window.first_day,
            signed_on__lte=window.last_day,
        ),
    }
    for name, rows in grouped.items():
        total = Sum("views") if name == "views" else Count("pk")
        listing = "access_request__achievement_id" if name == "ndas_accepted" else "achievement_id"
        _by_listing(rows.order_by().values(listing=F(listing)).annotate(n=total), name, found)
    return {pk: Counts(**values) for pk, values in found.items()}


def institution_funnel(*, user: AnyUser, institution: Organization, days: Any) -> InstitutionFunnel:
    """The institution's totals and its most active listings (TTO of the institution only)."""
    window = window_of(days)
    if not deal_institutions.restrict(user, "view_funnel").filter(pk=institution.pk).exists():
        raise PermissionDenied(_("Only the institution's technology-transfer office sees this."))
    listings = Achievement.objects.filter(institution=institution)
    counts = counts_by_listing(listings, window)
    totals = sum(counts.values(), Counts())
    active = sorted(counts.items(), key=lambda item: (-item[1].views, -item[1].inquiries, item[0]))[
        :MAX_LISTINGS
    ]
    shown = Achievement.objects.in_bulk([pk for pk, _counts in active])
    rows = [ListingRow(shown[pk], c) for pk, c in active if pk in shown]
    return InstitutionFunnel(institution, window, totals, rows)


def listing_funnel(*, user: AnyUser, achievement: Achievement, days: Any) -> ListingFunnel:
    """One listing's figures and its views day by day (TTO of the institution only)."""
    window = window_of(days)
    if not deal_listings.restrict(user, "view_funnel").filter(pk=achievement.pk).exists():
        raise PermissionDenied(_("Only the listing's technology-transfer office sees this."))
    counts = counts_by_listing(Achievement.objects.filter(pk=achievement.pk), window)
    per_day = dict(
        ListingViewDay.objects.filter(
            achievement=achievement, day__gte=window.first_day, day__lte=window.last_day
        ).values_list("day", "views")
    )
    days_list = [window.first_day + dt.timedelta(days=n) for n in range(window.days)]
    return ListingFunnel(
        achievement,
        window,
        counts.get(achievement.pk, Counts()),
        [(day, per_day.get(day, 0)) for day in days_list],
    )


def rates(counts: Counts) -> dict[str, float | None]:
    """Each stage as a percentage of the one before (None when the earlier stage is zero)."""
    values = [getattr(counts, s) for s in STAGES]
    return {
        stage: (100 * values[i] / values[i - 1] if values[i - 1] else None)
        for i, stage in enumerate(STAGES)
        if i > 0
    }


__all__ = [
    "STAGES",
    "WINDOWS",
    "Counts",
    "InstitutionFunnel",
    "ListingFunnel",
    "counts_by_listing",
    "institution_funnel",
    "listing_funnel",
    "rates",
    "window_of",
]
