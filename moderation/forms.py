from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from moderation import registry
from moderation.models import AbuseReport
from moderation.queue import REPORT_KIND
from moderation.services import Decision

AGE_CHOICES = [
    ("", _("Any age")),
    ("1", _("Waiting over a day")),
    ("3", _("Waiting over 3 days")),
    ("7", _("Waiting over a week")),
    ("30", _("Waiting over a month")),
]


class QueueFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), required=False)
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Organization.objects.filter(kind__in=Organization.RESEARCH_KINDS),
        required=False,
    )
    older_than = forms.ChoiceField(label=_("Age"), choices=AGE_CHOICES, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            ("", _("Everything")),
            *[(t.key, t.label) for t in registry.all_types()],
            (REPORT_KIND, _("Abuse reports")),
        ]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Decision.APPROVE, _("Approve")),
            (Decision.REQUEST_CHANGES, _("Request changes")),
            (Decision.REJECT, _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (sent to the owner)"), widget=forms.Textarea(attrs={"rows": 4})
    )


class ReportForm(forms.ModelForm):
    class Meta:
        model = AbuseReport
        fields = ["reason", "details"]
        widgets = {"details": forms.Textarea(attrs={"rows": 5})}


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (AbuseReport.Status.DISMISSED, _("Dismiss: nothing wrong")),
            (AbuseReport.Status.RESOLVED, _("Resolved: handled with the owner")),
            (AbuseReport.Status.TAKEN_DOWN, _("Take the item down")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
