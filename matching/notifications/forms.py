"""The notification settings form: one choice per kind, and a switch for all email."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from matching.notifications.preferences import Preferences
from matching.notifications.vocabulary import Delivery, Kind


class NotificationSettingsForm(forms.Form):
    email_opt_out = forms.BooleanField(
        label=_("No notification emails at all"),
        help_text=_(
            "Everything still arrives in your inbox on the portal. Messages about your "
            "account and your own listings are always sent."
        ),
        required=False,
    )

    def __init__(self, *args: Any, preferences: Preferences, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["email_opt_out"] = preferences.email_opt_out
        for kind in Kind:
            self.fields[self.field_name(kind)] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                widget=forms.RadioSelect,
                initial=preferences.by_kind[kind],
            )

    @staticmethod
    def field_name(kind: str) -> str:
        return "kind_" + kind.replace("-", "_")

    def kind_fields(self) -> list[forms.BoundField]:
        return [self[self.field_name(kind)] for kind in Kind]

    def by_kind(self) -> dict[str, str]:
        return {kind: self.cleaned_data[self.field_name(kind)] for kind in Kind}
