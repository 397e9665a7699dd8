"""The API tokens page: create (the key is shown once, on this response only), list, revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import TokenForm
from accounts.models import ApiToken
from accounts.permissions import object_for
from accounts.requests import AuthenticatedHttpRequest


@login_required
def tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = services.api_token_create(
                user=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form = TokenForm()
    response = render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "new_key": new_key,
            "tokens": ApiToken.objects.visible_to(request.user),
            "section": "tokens",
        },
    )
    if new_key:
        response["Cache-Control"] = "no-store"  # the key must not linger in any cache
    return response


@login_required
@require_POST
def revoke_token(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = object_for(ApiToken.objects, request.user, "revoke", pk)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("tokens")
