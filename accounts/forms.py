"""Forms of the account pages. They validate and shape input; services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.lockout import lockout_message
from accounts.models import User
from accounts.validators import validate_visible_text
from portal.mail import queue_email


class LoginForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": _("The email address or password is not correct."),
        "unconfirmed": _(
            "Confirm your email address first: follow the link we sent you. "
            "You can ask for a new link below."
        ),
    }

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError:
            if getattr(self.request, "axes_locked_out", False):
                raise ValidationError(lockout_message(), code="locked_out") from None
            email = (self.cleaned_data.get("username") or "").strip().lower()
            password = self.cleaned_data.get("password") or ""
            user = User.objects.filter(email=email, email_verified_at__isnull=True).first()
            # Only someone who knows the password learns that the address is unconfirmed.
            if user is not None and user.is_active and user.check_password(password):
                self.unconfirmed = True
                raise ValidationError(
                    self.error_messages["unconfirmed"], code="unconfirmed"
                ) from None
            raise


class SignUpForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        required=False,
        validators=[validate_visible_text],
        help_text=_("How other people on Keqiao see you. Any script, up to 100 characters."),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language for emails and pages"), choices=settings.LANGUAGES
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password, again = data.get("password"), data.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", _("The two passwords differ."))
        elif password:
            probe = User(email=data.get("email") or "", display_name=data.get("display_name") or "")
            try:
                password_validation.validate_password(password, probe)
            except ValidationError as error:
                self.add_error("password", error)
        return data


class EmailForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name"), max_length=100, required=False, validators=[validate_visible_text]
    )
    preferred_language = forms.ChoiceField(
        label=_("Language for emails and pages"), choices=settings.LANGUAGES
    )


class PasswordConfirmationForm(forms.Form):
    """Asks for the current password before something that cannot be undone from a session."""

    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This is not your current password."), code="wrong_password")
        return password


class EmailChangeForm(PasswordConfirmationForm):
    new_email = forms.EmailField(label=_("New email address"), max_length=254)
    field_order = ["new_email", "password"]


class DeleteAccountForm(PasswordConfirmationForm):
    pass


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        validators=[validate_visible_text],
        help_text=_("What the token is for, e.g. “nightly import script”."),
    )


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, sending through the portal's one mail path, in the user's language."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        from django.urls import reverse

        user: User = context["user"]
        path = reverse(
            "password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]}
        )
        queue_email(
            to=to_email,
            language=user.preferred_language,
            template="password_reset",
            context={"name": str(user), "link": settings.SITE_URL + path},
        )


class SetPasswordForm(auth_forms.SetPasswordForm):
    def save(self, commit: bool = True) -> Any:
        # Following a reset link proves the address belongs to the person: confirm it too.
        if self.user.email_verified_at is None:
            self.user.email_verified_at = timezone.now()
        return super().save(commit=commit)
