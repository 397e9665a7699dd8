"""Forms of the deals pages: they validate and shape input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization, User
from accounts.validators import validate_visible_text
from deals.models import Outcome
from deals.text import (
    MESSAGE_MAX_LENGTH,
    NDA_MAX_LENGTH,
    PURPOSE_MAX_LENGTH,
    REASON_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
    validate_message_text,
)


def message_field(label: Any, max_length: int, *, rows: int = 5, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": max_length}),
        validators=[validate_message_text],
        **kwargs,
    )


def own_organizations(user: User, *, exclude: int | None = None) -> Any:
    """The organisations the user is an active member of (to write on behalf of)."""
    found = Organization.objects.filter(
        memberships__user=user, memberships__status="active"
    ).distinct()
    return found.exclude(pk=exclude) if exclude is not None else found


class OnBehalfForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("Only myself"),
    )

    def __init__(self, *args: Any, user: User, institution_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = own_organizations(user, exclude=institution_id)
        field = self.fields["organization"]
        field.queryset = choices  # type: ignore[attr-defined]
        if not choices.exists():
            del self.fields["organization"]
        elif choices.count() == 1 and not self.is_bound:
            field.initial = choices.first()


class InquiryForm(OnBehalfForm):
    subject = forms.CharField(
        label=_("Subject"), max_length=SUBJECT_MAX_LENGTH, validators=[validate_visible_text]
    )
    body = message_field(
        _("Your question"),
        MESSAGE_MAX_LENGTH,
        rows=8,
        help_text=_("Plain text. The institution's technology-transfer office will answer here."),
    )
    field_order = ["subject", "body", "organization"]


class AccessRequestForm(OnBehalfForm):
    purpose = message_field(
        _("What do you need the documents for?"),
        PURPOSE_MAX_LENGTH,
        help_text=_("For example: evaluating a licence for a production line in Hangzhou."),
    )
    field_order = ["purpose", "organization"]


class ReplyForm(forms.Form):
    body = message_field(_("Your message"), MESSAGE_MAX_LENGTH)


class ReasonForm(forms.Form):
    reason = message_field(_("Reason"), REASON_MAX_LENGTH, rows=3)


class ApproveForm(forms.Form):
    expires_on = forms.DateField(
        label=_("Access until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The last day the documents can be opened. Empty: until you revoke it."),
    )

    def clean_expires_on(self) -> Any:
        day = self.cleaned_data.get("expires_on")
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day."))
        return day


class NdaAcceptForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    signed_name = forms.CharField(
        label=_("Your full name, as a signature"),
        max_length=200,
        validators=[validate_visible_text],
    )
    agree = forms.BooleanField(
        label=_("I have read this agreement and accept it, for myself and my organisation."),
        required=True,
    )


class NdaForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, validators=[validate_visible_text])
    text = message_field(_("Text of the agreement"), NDA_MAX_LENGTH, rows=16)


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = [
            "kind",
            "counterparty_organization",
            "counterparty_name",
            "signed_on",
            "value",
            "currency",
            "show_on_listing",
            "note",
        ]
        widgets = {
            "signed_on": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 3, "maxlength": PURPOSE_MAX_LENGTH}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["counterparty_organization"]
        field.queryset = (  # type: ignore[attr-defined]
            Organization.objects.visible_to(user).exclude(kind__in=Organization.RESEARCH_KINDS)
        )
        field.required = False
        self.fields["counterparty_name"].required = False
