"""Inquiry pages: asking about a listing, the inbox of both sides, a thread."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import object_for
from accounts.requests import AuthenticatedHttpRequest
from achievements.views.common import add_errors, attempt
from deals import services
from deals.filtersets import InquiryFilterSet
from deals.forms import InquiryForm, ReplyForm
from deals.models import Inquiry, Message
from deals.querysets import deal_listings
from portal.listing import list_page


@login_required
def inquiry_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """ "Ask a question" about a published listing."""
    listing = object_for(deal_listings, request.user, "inquire", pk)
    form = InquiryForm(
        request.POST or None, user=request.user, institution_id=listing.institution_id
    )
    if request.method == "POST" and form.is_valid():
        try:
            inquiry = services.inquiry_create(
                actor=request.user,
                achievement=listing,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                organization=form.cleaned_data.get("organization"),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Your question was sent to the technology-transfer office.")
            )
            return redirect(inquiry)
    return render(request, "deals/inquiry_form.html", {"listing": listing, "form": form})


@login_required
def inquiry_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Threads of both sides: sent by the user or their organisation, received by their TTO."""
    rows = Inquiry.objects.visible_to(request.user).select_related(
        "achievement", "achievement__institution", "sender", "organization"
    )
    listing = list_page(request, InquiryFilterSet, rows)
    context = listing.context()
    user = request.user
    context["sent_ids"] = set(
        Inquiry.objects.sent_by_side_of(user)
        .filter(pk__in=[i.pk for i in listing.items])
        .values_list("pk", flat=True)
    )
    return render(request, "deals/inquiry_list.html", context, status=listing.status)


@login_required
def inquiry_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    inquiry = object_for(
        Inquiry.objects.select_related("achievement__institution", "sender", "organization"),
        user,
        "view",
        pk,
    )
    return render(
        request,
        "deals/inquiry_detail.html",
        {
            "inquiry": inquiry,
            "thread": inquiry.messages.select_related("author"),
            "side": services.side_of(user, inquiry),
            "reply_form": ReplyForm(),
            "can_reply": Inquiry.objects.restrict(user, "reply").filter(pk=pk).exists(),
            "can_close": Inquiry.objects.restrict(user, "close").filter(pk=pk).exists(),
            "sides": Message.Side,
        },
    )


@login_required
@require_POST
def inquiry_reply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    inquiry = object_for(Inquiry.objects, request.user, "reply", pk)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("body", []):
            messages.error(request, str(error))
        return redirect(inquiry)
    attempt(
        request,
        lambda: services.inquiry_reply(
            actor=request.user, inquiry=inquiry, body=form.cleaned_data["body"]
        ),
        _("Your message was sent."),
    )
    return redirect(inquiry)


@login_required
@require_POST
def inquiry_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    inquiry = object_for(Inquiry.objects, request.user, "close", pk)
    attempt(
        request,
        lambda: services.inquiry_close(actor=request.user, inquiry=inquiry),
        _("The inquiry was closed. A new message opens it again."),
    )
    return redirect(inquiry)
