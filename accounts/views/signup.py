"""Signing up, confirming the address, logging in (rate-limited, locked after failures)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from accounts import links, services
from accounts.forms import EmailForm, LoginForm, PasswordResetForm, SignUpForm
from accounts.throttling import over_limit, retry_after

# Pages that send email on request: a few per minute per address is plenty for a person.
MAIL_RATE = "10/m"


def too_many(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "accounts/message.html",
        {
            "title": _("Too many attempts"),
            "message": _("Too many attempts from your address. Wait a minute and try again."),
        },
        status=429,
    )
    response["Retry-After"] = str(retry_after())
    return response


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if over_limit(request, scope="login"):
            return too_many(request)
        return super().post(request, *args, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's view, limited like the other pages that send email on request."""

    form_class = PasswordResetForm

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if over_limit(request, scope="mail", rate=MAIL_RATE):
            return too_many(request)
        return super().post(request, *args, **kwargs)


@sensitive_post_parameters("password", "password_again")
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignUpForm(request.POST or None, initial={"preferred_language": get_language()})
    if request.method == "POST":
        if over_limit(request, scope="mail", rate=MAIL_RATE):
            return too_many(request)
        if form.is_valid():
            try:
                services.user_sign_up(
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password"],
                    display_name=form.cleaned_data["display_name"],
                    preferred_language=form.cleaned_data["preferred_language"],
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                # The same page whether or not the address already had an account.
                request.session["signup_email"] = form.cleaned_data["email"].strip().lower()
                return redirect("signup-done")
    return render(request, "accounts/signup.html", {"form": form})


def signup_done(request: HttpRequest) -> HttpResponse:
    return render(
        request, "accounts/signup_done.html", {"email": request.session.get("signup_email", "")}
    )


def resend_confirmation(request: HttpRequest) -> HttpResponse:
    form = EmailForm(request.POST or None)
    if request.method == "POST":
        if over_limit(request, scope="mail", rate=MAIL_RATE):
            return too_many(request)
        if form.is_valid():
            services.user_resend_confirmation(email=form.cleaned_data["email"])
            messages.success(
                request,
                _(
                    "If this address has an account waiting for confirmation, "
                    "a new link is on its way."
                ),
            )
            return redirect("login")
    return render(request, "accounts/resend_confirmation.html", {"form": form})


def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: mail scanners that open links confirm nothing."""
    if request.method == "POST":
        try:
            services.user_confirm_email(token=token)
        except links.LinkError as error:
            return render(
                request, "accounts/link_problem.html", {"message": error.message}, status=400
            )
        messages.success(request, _("Your email address is confirmed. You can log in now."))
        return redirect("login")
    return render(request, "accounts/confirm_email.html", {"token": token})
