"""Forms of the organisation pages: register, ask to join, invite, decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, Organization
from accounts.validators import validate_visible_text
from portal.vocabulary import Region


class OrganizationRegistrationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Organization.Kind.choices)
    name_zh = forms.CharField(
        label=_("Name in Chinese"),
        max_length=200,
        required=False,
        validators=[validate_visible_text],
    )
    name_en = forms.CharField(
        label=_("Name in English"),
        max_length=200,
        required=False,
        validators=[validate_visible_text],
    )
    region = forms.ChoiceField(label=_("Region"), choices=Region.choices)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("name_zh") and not data.get("name_en") and not self.has_error("name_zh"):
            self.add_error(
                "name_zh", _("Give the organisation's name in Chinese, English or both.")
            )
        return data


def role_choices(organization: Organization, *, joining: bool) -> list[tuple[str, str]]:
    roles = organization.allowed_roles()
    if joining:
        roles = [role for role in roles if role not in Membership.MANAGER_ROLES]
    return [(role, str(Membership.Role(role).label)) for role in roles]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(
        self, *args: Any, organization: Organization, joining: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(organization, joining=joining)  # type: ignore[attr-defined]


class InvitationForm(RoleForm):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    field_order = ["email", "role"]


class RejectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the person)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OrganizationSearchForm(forms.Form):
    q = forms.CharField(label=_("Organisation name"), max_length=200, required=False)
