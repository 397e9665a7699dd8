"""The researcher's disclosure form with its inventors and prior public disclosures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization, User
from achievements.models import Disclosure, PriorDisclosure


class DisclosureForm(forms.ModelForm):
    class Meta:
        model = Disclosure
        fields = [
            "institution",
            "title",
            "abstract",
            "description",
            "development_stage",
            "funding_sources",
            "commercial_ideas",
        ]
        widgets = {
            "abstract": forms.Textarea(attrs={"rows": 4}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "funding_sources": forms.Textarea(attrs={"rows": 2}),
            "commercial_ideas": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        institutions = Organization.objects.restrict(user, "create_disclosure")
        field = self.fields["institution"]
        field.queryset = institutions  # type: ignore[attr-defined]
        if self.instance.pk:
            field.disabled = True
        elif not self.initial.get("institution") and institutions.count() == 1:
            field.initial = institutions.first()

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "institution"}


class InventorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("If the inventor has an account with this email, they can see the disclosure."),
    )
    share = forms.DecimalField(
        label=_("Share (%)"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
    )


class BaseInventorFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict[str, Any]]:
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


InventorFormSet = cast(
    type[BaseInventorFormSet],
    forms.formset_factory(InventorForm, formset=BaseInventorFormSet, extra=2, can_delete=True),
)


class PriorDisclosureForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=PriorDisclosure.Kind.choices, initial="paper"
    )  # initial = first option: an untouched extra row is skipped
    title = forms.CharField(label=_("Title"), max_length=300)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))


PriorDisclosureFormSet = cast(
    type[BaseInventorFormSet],
    forms.formset_factory(
        PriorDisclosureForm, formset=BaseInventorFormSet, extra=1, can_delete=True
    ),
)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Attachment"))


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"), widget=forms.Textarea(attrs={"rows": 3})
    )
