"""The feedback form under each match: useful, or dismiss with a reason."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from matching.matches.models import MatchFeedback


class FeedbackForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Verdict"), choices=MatchFeedback.Verdict.choices)
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", _("Why dismiss it?")), *MatchFeedback.Reason.choices],
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("verdict") == MatchFeedback.Verdict.DISMISSED and not cleaned.get("reason"):
            self.add_error("reason", _("Say why you dismiss this match."))
        return cleaned
