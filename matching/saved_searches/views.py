"""Pages: save a search, my saved searches (rename, frequency, pause, delete, open)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import object_for
from accounts.requests import AuthenticatedHttpRequest
from matching.saved_searches import services
from matching.saved_searches.forms import FrequencyForm, SavedSearchForm
from matching.saved_searches.list_pages import search_query_from_list
from matching.saved_searches.models import SavedSearch
from portal.search.params import read_state


def _apply_errors(form: SavedSearchForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


def _searchable(saved_search: SavedSearch) -> dict[str, object]:
    return {"saved_search": saved_search, "state": services.search_state(saved_search.query)}


@login_required
def saved_search_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    searches = SavedSearch.objects.visible_to(request.user).order_by("name", "id")
    return render(
        request,
        "matching/saved_searches/list.html",
        {"rows": [_searchable(s) for s in searches], "frequencies": SavedSearch.Frequency},
    )


@login_required
def saved_search_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET: the form, the search taken from the query string (the search page's "Save this
    search" link). POST: save it."""
    left_out: list[str] = []
    state = read_state(request.GET)
    if request.method == "POST":
        form = SavedSearchForm(request.POST)
    else:
        converted = search_query_from_list(request.GET.get("from", ""), request.GET)
        if converted is not None:  # "Save this search" of a list page
            left_out = converted.left_out
            state = read_state(QueryDict(converted.query))
        query = state.url_params()
        form = SavedSearchForm(initial={"query": query, "name": request.GET.get("q", "")[:100]})
    if request.method == "POST" and form.is_valid():
        try:
            services.saved_search_create(owner=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Your search is saved."))
            return redirect("saved-search-list")
    return render(
        request,
        "matching/saved_searches/form.html",
        {"form": form, "state": state, "creating": True, "left_out": left_out},
        status=400 if form.errors else 200,
    )


@login_required
def saved_search_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    saved_search = object_for(SavedSearch.objects, request.user, "edit", pk)
    if request.method == "POST":
        form = SavedSearchForm(request.POST)
    else:
        form = SavedSearchForm(
            initial={
                "name": saved_search.name,
                "query": saved_search.query,
                "frequency": saved_search.frequency,
            }
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.saved_search_update(
                actor=request.user, saved_search=saved_search, **form.cleaned_data
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Your saved search is updated."))
            return redirect("saved-search-list")
    return render(
        request,
        "matching/saved_searches/form.html",
        {**_searchable(saved_search), "form": form, "creating": False},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def saved_search_frequency(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    saved_search = object_for(SavedSearch.objects, request.user, "edit", pk)
    form = FrequencyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose instant, daily, weekly or paused."))
        return redirect("saved-search-list")
    services.saved_search_update(
        actor=request.user, saved_search=saved_search, frequency=form.cleaned_data["frequency"]
    )
    if saved_search.frequency == SavedSearch.Frequency.PAUSED:
        messages.success(request, _("The saved search is paused."))
    else:
        messages.success(request, _("The saved search is active again."))
    return redirect("saved-search-list")


@login_required
@require_POST
def saved_search_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    saved_search = object_for(SavedSearch.objects, request.user, "delete", pk)
    services.saved_search_delete(actor=request.user, saved_search=saved_search)
    messages.success(request, _("The saved search is deleted."))
    return redirect("saved-search-list")
