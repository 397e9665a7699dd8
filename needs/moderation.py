"""How needs plug into the shared moderation queue (see moderation/registry.py)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from moderation import registry
from needs.models import Need


def register_needs() -> None:
    from needs import selectors, services

    registry.register(
        registry.ModeratedType(
            key="need",
            label=_("Technology need"),
            model=Need,
            awaiting_review=selectors.needs_awaiting_review,
            organization_field="organization",
            approve=services.need_approve,
            request_changes=services.need_request_changes,
            reject=services.need_reject,
            take_down=services.need_take_down,
            visible_to=Need.objects.visible_to,
            detail_url=lambda need: reverse("need-detail", args=[need.pk]),
            owners=selectors.need_owners,
            title=lambda need: need.title,
            review_template="needs/includes/review_panel.html",
            review_context=review_context,
        )
    )


def review_context(need: Need) -> dict[str, Any]:
    return {"need": need, "fields": list(need.fields.all())}
