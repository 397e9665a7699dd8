"""The need editor: validation and shaping only; needs.services.need_save writes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from achievements.forms.listings import KeywordsField
from needs.models import Need
from needs.services import COLUMNS
from portal.models import Field
from portal.vocabulary import TransferMode


class NeedForm(forms.ModelForm):
    keywords = KeywordsField(
        label=_("Keywords"),
        required=False,
        help_text=_("Separate keywords with commas or semicolons."),
    )
    fields = forms.ModelMultipleChoiceField(  # type: ignore[assignment]
        label=_("Fields"),
        queryset=Field.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    cooperation_modes = forms.MultipleChoiceField(
        label=_("Preferred cooperation modes"),
        choices=TransferMode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Need
        fields = [*COLUMNS, "fields"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 10}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def _post_clean(self) -> None:
        # The service validates the whole need (ranges, deadline) with messages naming the
        # field; the model's own check would only repeat them less clearly.
        pass

    def values(self) -> dict[str, Any]:
        """The need's own columns, for need_save (fields go separately)."""
        return {name: self.cleaned_data[name] for name in COLUMNS}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )
