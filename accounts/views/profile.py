"""The signed-in user's own account: profile, email address, their data, deleting it."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET

from accounts import links, services
from accounts.data_export import personal_data
from accounts.forms import DeleteAccountForm, EmailChangeForm, ProfileForm
from accounts.requests import AuthenticatedHttpRequest


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={"display_name": user.display_name, "preferred_language": user.preferred_language},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update_profile(user=user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Your profile is saved."))
            response = redirect("profile")
            # The saved language wins over an earlier choice made with the switcher.
            response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
            return response
    return render(request, "accounts/profile.html", {"form": form, "section": "profile"})


@login_required
@sensitive_post_parameters("password")
def change_email(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = EmailChangeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_request_email_change(
                user=request.user, new_email=form.cleaned_data["new_email"]
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("We sent a link to %(email)s. Your address changes when you follow it.")
                % {"email": request.user.pending_email},
            )
            return redirect("change-email")
    return render(request, "accounts/change_email.html", {"form": form, "section": "email"})


def confirm_email_change(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        try:
            user = services.user_confirm_email_change(token=token)
        except links.LinkError as error:
            return render(
                request, "accounts/link_problem.html", {"message": error.message}, status=400
            )
        messages.success(request, _("Your email address is now %(email)s.") % {"email": user.email})
        return redirect("profile" if request.user.is_authenticated else "login")
    return render(request, "accounts/confirm_email_change.html", {"token": token})


@login_required
@require_GET
def download_data(request: AuthenticatedHttpRequest) -> HttpResponse:
    body = json.dumps(
        personal_data(request.user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="keqiao-my-data-{stamp}.json"'
    return response


@login_required
def your_data(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "accounts/your_data.html", {"section": "data"})


@login_required
@sensitive_post_parameters("password")
def delete_account(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_delete(user=request.user)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            logout(request)
            messages.success(request, _("Your account has been deleted."))
            return redirect("home")
    return render(request, "accounts/delete_account.html", {"form": form, "section": "delete"})
