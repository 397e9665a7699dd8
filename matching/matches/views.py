"""Pages of matches: "My matches", one match and its why, and the feedback buttons.

Thin: reads through selectors (on visible_to), writes through services. The feedback forms
are plain POST forms with CSRF, so they work without JavaScript; after a POST the page
returns to where the form was (a local path only).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import object_for
from accounts.requests import AuthenticatedHttpRequest
from accounts.roles import tto_organization_ids
from matching.matches import selectors, services
from matching.matches.filtersets import MatchFilterSet
from matching.matches.forms import FeedbackForm
from matching.matches.models import Match, MatchFeedback
from portal.listing import list_page


def _back(request: AuthenticatedHttpRequest, match: Match) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(reverse("match-detail", args=[match.pk]))


@login_required
def match_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My matches: those of my organisation's needs and listings, best first; the ones I
    dismissed are hidden unless I ask for them."""
    params = request.GET.copy()
    if "dismissed" not in params:
        params["dismissed"] = "false"
    # The filter form and the pager links carry the default from here on.
    request.GET = params  # type: ignore[assignment]
    listing = list_page(request, MatchFilterSet, selectors.my_matches(request.user))
    context = listing.context()
    context["feedback_reasons"] = MatchFeedback.Reason.choices
    if tto_organization_ids(request.user):
        context["dismissal_counts"] = selectors.dismissal_counts(request.user)
        context["dismissals_by_listing"] = selectors.dismissals_by_listing(request.user)
        context["reason_labels"] = [label for _value, label in MatchFeedback.Reason.choices]
    return render(request, "matching/matches/match_list.html", context, status=listing.status)


@login_required
def match_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    object_for(Match.objects, request.user, "view", pk)
    match = selectors.with_verdict_of(
        selectors.with_sides(Match.objects.filter(pk=pk)), request.user
    ).get()
    return render(
        request,
        "matching/matches/match_detail.html",
        {"match": match, "feedback_reasons": MatchFeedback.Reason.choices},
    )


@login_required
@require_POST
def match_feedback(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Useful, or dismissed with a reason (again: the verdict changes)."""
    match = object_for(Match.objects, request.user, "feedback", pk)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back(request, match)
    try:
        services.match_feedback_give(
            user=request.user,
            match=match,
            verdict=form.cleaned_data["verdict"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _back(request, match)
    if form.cleaned_data["verdict"] == MatchFeedback.Verdict.DISMISSED:
        messages.success(
            request, _("Match dismissed. Similar matches will rank lower from now on.")
        )
    else:
        messages.success(request, _("Thank you: the match is marked useful."))
    return _back(request, match)


@login_required
@require_POST
def match_feedback_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    match = object_for(Match.objects, request.user, "feedback", pk)
    if services.match_feedback_withdraw(user=request.user, match=match):
        messages.success(request, _("Your feedback on this match was withdrawn."))
    return _back(request, match)
