"""Listing pages: the public detail, the officer's list and editor, owner actions, history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import object_for
from accounts.requests import AuthenticatedHttpRequest
from accounts.roles import is_admin, is_moderator, tto_organization_ids
from achievements import services
from achievements.filtersets import AchievementFilterSet
from achievements.forms.listings import (
    AchievementForm,
    FileUploadForm,
    InventorFormSet,
    PatentFormSet,
)
from achievements.models import Achievement, AchievementFile
from achievements.quality import assess
from achievements.services.listings import InventorData, current_patents, open_revision
from achievements.services.permissions import require_listing
from achievements.views.common import add_errors, attempt, chosen_institution
from deals.visitors import count_listing_view
from experts.models import Expert
from moderation.workflow import TransitionNotAllowed
from portal.audit import history
from portal.listing import hidden_from, list_page


def achievement_list(request: HttpRequest) -> HttpResponse:
    """The public catalogue (and whatever else the reader may see), on the API's FilterSet."""
    listing = list_page(
        request,
        AchievementFilterSet,
        Achievement.objects.visible_to(request.user).select_related("institution"),
        hide=hidden_from(request),
    )
    return render(
        request, "achievements/achievement_list.html", listing.context(), status=listing.status
    )


def achievement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    achievement = get_object_or_404(
        Achievement.objects.visible_to(request.user).select_related("institution"), pk=pk
    )
    user = request.user
    can_edit = Achievement.objects.editable_by(user).filter(pk=pk).exists()
    is_owner = achievement.institution_id in tto_organization_ids(user) or is_admin(user)
    files = AchievementFile.objects.visible_to(user).filter(achievement=achievement)
    count_listing_view(request, achievement)  # the deals funnel's page views
    context: dict[str, Any] = {
        "achievement": achievement,
        "fields": list(achievement.fields.all()),
        "patents": list(achievement.patents.all()),
        "inventors": list(achievement.inventors.select_related("expert")),
        "images": [f for f in files if f.kind == AchievementFile.Kind.IMAGE],
        "documents": [f for f in files if f.kind == AchievementFile.Kind.DOCUMENT],
        "can_edit": can_edit,
        "is_owner": is_owner,
        "can_moderate": is_moderator(user),
    }
    if is_owner or is_moderator(user):
        context["revision"] = open_revision(achievement)
        context["quality"] = assess(achievement)
    return render(request, "achievements/achievement_detail.html", context)


@login_required
def achievement_manage(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The officer's own institution's listings, every state."""
    listings = (
        Achievement.objects.visible_to(request.user)
        .filter(institution_id__in=tto_organization_ids(request.user))
        .select_related("institution")
    )
    status = request.GET.get("status", "")
    if status in Achievement.Status.values:
        listings = listings.filter(status=status)
    return render(
        request,
        "achievements/manage.html",
        {
            "listings": listings.order_by("-updated_at")[:500],
            "statuses": Achievement.Status.choices,
            "status": status,
            "can_create": bool(tto_organization_ids(request.user)),
        },
    )


def _editor_initial(achievement: Achievement) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """What the editor shows: the live values, with a pending revision's values on top."""
    initial: dict[str, Any] = {}
    patents = current_patents(achievement)
    revision = open_revision(achievement)
    if revision is not None:
        initial.update({k: v for k, v in revision.data.items() if k != "patents"})
        patents = revision.data.get("patents", patents)
    return initial, patents


def _save_listing(
    request: AuthenticatedHttpRequest, achievement: Achievement | None
) -> HttpResponse:
    institution = (
        achievement.institution
        if achievement
        else chosen_institution(
            request, "create_achievement", _("Only TTO officers can create listings.")
        )
    )
    experts = Expert.objects.visible_to(request.user).filter(organization=institution)
    initial: dict[str, Any] = {}
    patent_initial: list[dict[str, Any]] = []
    if achievement is not None:
        initial, patent_initial = _editor_initial(achievement)
    form = AchievementForm(
        request.POST or None,
        instance=achievement or Achievement(institution=institution),
        initial=initial,
    )
    patents = PatentFormSet(request.POST or None, prefix="patents", initial=patent_initial)
    inventor_initial = (
        [{"name": i.name, "expert": i.expert_id} for i in achievement.inventors.all()]
        if achievement
        else []
    )
    inventors = InventorFormSet(
        request.POST or None, prefix="inventors", initial=inventor_initial, experts=experts
    )
    if request.method == "POST" and form.is_valid() and patents.is_valid() and inventors.is_valid():
        try:
            with transaction.atomic():
                saved = services.achievement_save(
                    actor=request.user,
                    achievement=achievement,
                    institution=institution,
                    values=form.values(),
                    fields=list(form.cleaned_data["fields"]),
                    patents=patents.values(),
                    inventors=[InventorData(name=n, expert=e) for n, e in inventors.values()],
                )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if saved.status == Achievement.Status.PUBLISHED and open_revision(saved):
                messages.info(
                    request,
                    _(
                        "Saved. Changes to the title, summary, description, price or IP wait "
                        "for a moderator; the published version stays as it is until then."
                    ),
                )
            else:
                messages.success(request, _("The listing was saved."))
            return redirect("achievement-detail", saved.pk)
    listing = achievement or Achievement(institution=institution)
    return render(
        request,
        "achievements/editor.html",
        {
            "form": form,
            "patents": patents,
            "inventors": inventors,
            "achievement": achievement,
            "institution": institution,
            "quality": assess(listing) if achievement else None,
            "revision": open_revision(achievement) if achievement else None,
        },
    )


@login_required
def achievement_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _save_listing(request, None)


def _editable(request: AuthenticatedHttpRequest, pk: int) -> Achievement | None:
    """The listing, if this user may edit it now; None (with a message) when it is theirs but
    frozen in its state. 404 if they may not see it, 403 if it is not theirs to edit."""
    achievement = object_for(Achievement.objects, request.user, "view", pk)
    try:
        require_listing(request.user, achievement, "edit")
    except TransitionNotAllowed:
        messages.error(
            request,
            _("A listing that is “%(state)s” cannot be edited.")
            % {"state": achievement.get_status_display()},
        )
        return None
    return achievement


@login_required
def achievement_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    achievement = _editable(request, pk)
    if achievement is None:
        return redirect("achievement-detail", pk)
    return _save_listing(request, achievement)


OWNER_ACTIONS = {
    "submit": (services.achievement_submit, _("Sent to the moderators for review.")),
    "withdraw": (services.achievement_withdraw, _("The listing was withdrawn.")),
    "confirm-current": (
        services.achievement_confirm_current,
        _("Thank you: the listing is confirmed as current."),
    ),
    "discard-changes": (services.revision_discard, _("The pending changes were discarded.")),
}


@login_required
@require_POST
def achievement_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in OWNER_ACTIONS:
        raise Http404
    achievement = get_object_or_404(Achievement.objects.visible_to(request.user), pk=pk)
    service, success = OWNER_ACTIONS[action]  # the service decides: 403, or a clear message
    # A moderator's withdrawal is a take-down, which needs a reason.
    extra = {"reason": request.POST.get("reason", "")} if action == "withdraw" else {}
    attempt(
        request,
        lambda: service(actor=request.user, achievement=achievement, **extra),
        str(success),
    )
    return redirect("achievement-detail", pk)


@login_required
def achievement_history(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    # Its own TTO and the moderators (the "history" grant); 403 for other readers.
    achievement = object_for(Achievement.objects, request.user, "history", pk)
    return render(
        request,
        "achievements/history.html",
        {"object": achievement, "entries": history(achievement), "back": achievement},
    )


@login_required
def achievement_files(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    achievement = _editable(request, pk)
    if achievement is None:
        return redirect("achievement-detail", pk)
    form = FileUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.achievement_file_add(
                actor=request.user,
                achievement=achievement,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                is_public=form.cleaned_data["is_public"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("The file was added."))
            return redirect("achievement-files", pk)
    return render(
        request,
        "achievements/files.html",
        {"achievement": achievement, "form": form, "files": achievement.files.all()},
    )


@login_required
@require_POST
def achievement_file_delete(
    request: AuthenticatedHttpRequest, pk: int, file_pk: int
) -> HttpResponse:
    achievement = get_object_or_404(Achievement.objects.editable_by(request.user), pk=pk)
    file = get_object_or_404(achievement.files, pk=file_pk)
    services.achievement_file_delete(actor=request.user, file=file)
    messages.success(request, _("The file was removed."))
    return redirect("achievement-files", pk)
