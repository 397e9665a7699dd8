"""The listing editor: the listing form, its patents and inventors formsets, file uploads."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from achievements.models import Achievement, AchievementFile, Patent
from experts.models import Expert
from portal.models import Field
from portal.vocabulary import TransferMode

SEPARATORS = re.compile(r"[,;，；、\n]")


class KeywordsField(forms.CharField):
    """Keywords typed as one line, separated by commas or semicolons (either script)."""

    def prepare_value(self, value: Any) -> Any:
        return "; ".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        keywords = [k.strip() for k in SEPARATORS.split(text) if k.strip()]
        too_long = [k for k in keywords if len(k) > 60]
        if too_long:
            raise forms.ValidationError(
                _("Keyword “%(keyword)s” is longer than 60 characters."),
                params={"keyword": too_long[0][:20]},
            )
        return list(dict.fromkeys(keywords))


class AchievementForm(forms.ModelForm):
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
    transfer_modes = forms.MultipleChoiceField(
        label=_("Transfer modes"),
        choices=TransferMode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Achievement
        fields = [
            "external_id",
            "title_zh",
            "title_en",
            "summary_zh",
            "summary_en",
            "description",
            "keywords",
            "fields",
            "trl",
            "development_stage",
            "ip_status",
            "transfer_modes",
            "price_negotiable",
            "price_min",
            "price_max",
            "currency",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {
            "summary_zh": forms.Textarea(attrs={"rows": 4}),
            "summary_en": forms.Textarea(attrs={"rows": 4}),
            "description": forms.Textarea(attrs={"rows": 10}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("title_zh") or data.get("title_en")):
            self.add_error("title_zh", _("Give a title in Chinese, in English, or both."))
        return data

    def values(self) -> dict[str, Any]:
        """The listing's own columns, for achievement_save (fields go separately)."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "fields"}


class PatentForm(forms.Form):
    # The selects' initial values equal their first option, so an untouched extra row counts
    # as unchanged and is skipped instead of demanding a number.
    jurisdiction = forms.ChoiceField(
        label=_("Jurisdiction"), choices=Patent.Jurisdiction.choices, initial="CN"
    )
    number = forms.CharField(label=_("Number"), max_length=40)
    kind = forms.ChoiceField(label=_("Kind"), choices=Patent.Kind.choices, initial="invention")
    status = forms.ChoiceField(label=_("Status"), choices=Patent.Status.choices, initial="filed")
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    filing_date = forms.DateField(
        label=_("Filing date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    grant_date = forms.DateField(
        label=_("Grant date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def values(self) -> dict[str, str]:
        data = self.cleaned_data

        def iso(value: dt.date | None) -> str:
            return value.isoformat() if value else ""

        return {
            "jurisdiction": data["jurisdiction"],
            "number": data["number"].strip(),
            "kind": data["kind"],
            "status": data["status"],
            "filing_date": iso(data.get("filing_date")),
            "grant_date": iso(data.get("grant_date")),
            "title": data.get("title", ""),
        }


class BasePatentFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        numbers = [
            (form.cleaned_data["jurisdiction"], form.cleaned_data["number"].strip())
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if len(numbers) != len(set(numbers)):
            raise forms.ValidationError(_("The same patent is listed twice."))

    def values(self) -> list[dict[str, str]]:
        return [
            form.values()
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


PatentFormSet = cast(
    type[BasePatentFormSet],
    forms.formset_factory(PatentForm, formset=BasePatentFormSet, extra=1, can_delete=True),
)


class ListingInventorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    expert = forms.ModelChoiceField(
        label=_("Expert profile"),
        queryset=Expert.objects.none(),
        required=False,
        help_text=_("Left empty, a profile at your institution with exactly this name is linked."),
    )


class BaseInventorFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, experts: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for form in self.forms:
            form.fields["expert"].queryset = (
                experts if experts is not None else Expert.objects.none()
            )

    @property
    def empty_form(self) -> forms.Form:
        return super().empty_form

    def values(self) -> list[tuple[str, Expert | None]]:
        return [
            (form.cleaned_data["name"].strip(), form.cleaned_data.get("expert"))
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


InventorFormSet = cast(
    type[BaseInventorFormSet],
    forms.formset_factory(
        ListingInventorForm, formset=BaseInventorFormSet, extra=1, can_delete=True
    ),
)


class FileUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AchievementFile.Kind.choices)
    file = forms.FileField(label=_("File"))
    title = forms.CharField(label=_("Caption"), max_length=200, required=False)
    is_public = forms.BooleanField(
        label=_("Show to every reader"),
        required=False,
        help_text=_("Leave unticked for confidential documents: only your TTO sees them."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
