"""Forms of the expert pool: a profile, asking for an assessment, writing one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization, User
from experts.models import Assessment, Expert
from experts.services import ASSESSMENT_COLUMNS, PROFILE_COLUMNS
from portal.models import Field


class ExpertForm(forms.ModelForm):
    keywords = forms.CharField(
        label=_("Expertise"),
        required=False,
        help_text=_("Separate areas of expertise with commas."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    fields = forms.ModelMultipleChoiceField(  # type: ignore[assignment]
        label=_("Fields"),
        queryset=Field.objects.order_by("scheme", "position"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Expert
        fields = [
            "name_zh",
            "name_en",
            "title",
            "organization",
            "fields",
            "keywords",
            "bio",
            "publications",
            "patents",
            "languages",
            "available_for_consulting",
            "available_for_evaluation",
            "available_for_mentoring",
            "visibility",
            "is_active",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5}),
            "publications": forms.Textarea(attrs={"rows": 4}),
            "patents": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        by_name: Any = self.fields  # "fields" is also a form field of this form
        by_name["organization"].queryset = Organization.objects.visible_to(user).order_by(
            "name_en", "pk"
        )
        if self.instance.pk:
            self.initial["keywords"] = ", ".join(self.instance.keywords)
            self.initial["fields"] = list(self.instance.fields.all())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("name_zh") or data.get("name_en")):
            self.add_error("name_zh", _("Give a name in Chinese, in English, or both."))
        return data

    def clean_keywords(self) -> list[str]:
        raw = self.cleaned_data.get("keywords") or ""
        words = [w.strip() for w in raw.replace("，", ",").split(",") if w.strip()]
        if any(len(w) > 60 for w in words):
            raise forms.ValidationError(_("Each area of expertise has at most 60 characters."))
        return words

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PROFILE_COLUMNS}

    def chosen_fields(self) -> list[Field]:
        return list(self.cleaned_data["fields"])


class AssessmentRequestForm(forms.Form):
    """The TTO asks experts to assess one of its listings."""

    achievement: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Listing"), queryset=Organization.objects.none()
    )
    experts: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Experts"),
        queryset=Expert.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Only experts available for evaluation are listed."),
    )

    def __init__(self, *args: Any, listings: Any, experts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        by_name: Any = self.fields
        by_name["achievement"].queryset = listings
        by_name["experts"].queryset = experts


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = list(ASSESSMENT_COLUMNS)
        widgets = {
            "maturity_notes": forms.Textarea(attrs={"rows": 3}),
            "risks": forms.Textarea(attrs={"rows": 3}),
            "text": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {"text": _("Markdown: **bold**, lists, links.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trl"].required = True
        self.fields["recommendation"].required = True

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ASSESSMENT_COLUMNS}


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
