"""How listings plug into the shared moderation queue (see moderation/registry.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from achievements.models import Achievement
from moderation import registry


def register_listings() -> None:
    from achievements import selectors, services

    registry.register(
        registry.ModeratedType(
            key="achievement",
            label=_("Achievement listing"),
            model=Achievement,
            awaiting_review=selectors.listings_awaiting_review,
            organization_field="institution",
            approve=services.achievement_approve,
            request_changes=services.achievement_request_changes,
            reject=services.achievement_reject,
            take_down=services.achievement_take_down,
            visible_to=Achievement.objects.visible_to,
            detail_url=lambda listing: reverse("achievement-detail", args=[listing.pk]),
            owners=selectors.listing_owners,
            title=lambda listing: listing.title,
            is_revision=lambda listing: getattr(listing, "revision_submitted_at", None)
            is not None,
            review_template="achievements/includes/review_panel.html",
        )
    )
