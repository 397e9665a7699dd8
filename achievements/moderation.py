"""How listings plug into the shared moderation queue (see moderation/registry.py)."""

from __future__ import annotations

import copy
from typing import Any

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
            is_revision=lambda listing: getattr(listing, "revision_submitted_at", None) is not None,
            review_template="achievements/includes/review_panel.html",
            review_context=review_context,
        )
    )


def review_context(listing: Achievement) -> dict[str, Any]:
    """What the moderator needs: the quality check and, for a revision, what would change."""
    from achievements.models import MATERIAL_FIELDS, AchievementRevision
    from achievements.quality import assess
    from achievements.services.listings import current_patents
    from achievements.values import apply_material_values, material_values

    revision = listing.revisions.filter(status=AchievementRevision.Status.SUBMITTED).first()
    changes: list[tuple[str, Any, Any]] = []
    proposed = listing
    patents = None
    if revision is not None and listing.status == Achievement.Status.PUBLISHED:
        proposed = copy.copy(listing)
        apply_material_values(proposed, revision.data)
        live = material_values(listing, current_patents(listing))
        patents = revision.data.get("patents", live["patents"])
        for name in (*MATERIAL_FIELDS, "patents"):
            before, after = live.get(name), revision.data.get(name, live.get(name))
            if before != after:
                label = (
                    getattr(Achievement._meta.get_field(name), "verbose_name", name)
                    if name != "patents"
                    else _("patents")
                )
                if name == "patents":
                    before, after = _patent_text(before or []), _patent_text(after or [])
                changes.append((str(label), before, after))
    return {
        "listing": listing,
        "proposed": proposed,
        "changes": changes,
        "quality": assess(proposed, patents=patents),
        "fields": list(listing.fields.all()),
        "patents": list(listing.patents.all()),
    }


def _patent_text(patents: list[dict[str, str]]) -> str:
    return ", ".join(f"{p['jurisdiction']} {p['number']} ({p['status']})" for p in patents)
