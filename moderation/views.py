"""The moderation queue, the review page with its decision form, and abuse reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.requests import AuthenticatedHttpRequest
from accounts.roles import is_moderator
from moderation import registry
from moderation.forms import DecisionForm, QueueFilterForm, ReportForm, ResolveForm
from moderation.models import AbuseReport
from moderation.queue import moderation_queue
from moderation.services import moderation_decide, report_create, report_resolve
from moderation.workflow import TransitionNotAllowed
from portal.audit import history


def _moderator(request: AuthenticatedHttpRequest) -> None:
    if not is_moderator(request.user):
        raise PermissionDenied(_("Only moderators can see the moderation queue."))


def _moderated(kind: str) -> registry.ModeratedType:
    try:
        return registry.get(kind)
    except KeyError:
        raise Http404 from None


@login_required
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    _moderator(request)
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    institution = filters.get("institution")
    items = moderation_queue(
        request.user,
        kind=filters.get("kind", ""),
        organization_id=institution.pk if institution else None,
        older_than_days=int(filters["older_than"]) if filters.get("older_than") else None,
    )
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(
        request, "moderation/queue.html", {"form": form, "page": page, "count": len(items)}
    )


@login_required
def review(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    moderated = _moderated(kind)
    # 404 for an item the user may not see (its existence is not confirmed); then 403.
    target = get_object_or_404(moderated.visible_to(request.user), pk=pk)
    _moderator(request)
    waiting = moderated.awaiting_review(request.user).filter(pk=pk).first()
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moderation_decide(
                actor=request.user,
                kind=kind,
                target=target,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except TransitionNotAllowed as refused:
            for message in refused.messages:
                messages.error(request, message)
            return redirect("moderation-review", kind, pk)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The decision was recorded and the owner notified."))
            return redirect("moderation-queue")
    context = {
        "moderated": moderated,
        "target": target,
        "waiting": waiting,
        "is_revision": bool(waiting is not None and moderated.is_revision(waiting)),
        "form": form,
        "entries": history(target)[:20],
        "detail_url": moderated.detail_url(target),
        **moderated.review_context(target),
    }
    return render(request, "moderation/review.html", context)


@login_required
def report(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    moderated = _moderated(kind)
    target = get_object_or_404(moderated.visible_to(request.user), pk=pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report_create(
                reporter=request.user,
                target=target,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Thank you. A moderator will look at your report."))
            return redirect(moderated.detail_url(target))
    return render(
        request, "moderation/report.html", {"form": form, "target": target, "moderated": moderated}
    )


@login_required
def resolve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    abuse_report = get_object_or_404(
        AbuseReport.objects.visible_to(request.user).select_related("reporter"), pk=pk
    )
    _moderator(request)  # the reporter sees their report, but does not resolve it
    moderated = registry.for_model(abuse_report.content_type.model_class())  # type: ignore[arg-type]
    target = abuse_report.target
    form = ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report_resolve(
                actor=request.user,
                report=abuse_report,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
            )
        except TransitionNotAllowed as refused:
            for message in refused.messages:
                messages.error(request, message)
            return redirect("moderation-resolve", pk)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The report was resolved."))
            return redirect("moderation-queue")
    return render(
        request,
        "moderation/resolve.html",
        {
            "report": abuse_report,
            "target": target,
            "moderated": moderated,
            "detail_url": moderated.detail_url(target) if moderated and target else "",
            "form": form,
            "entries": history(abuse_report),
        },
    )
