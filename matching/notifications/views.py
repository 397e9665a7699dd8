"""The inbox, the notification settings page and the one-click unsubscribe page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts.requests import AuthenticatedHttpRequest
from matching.notifications.forms import NotificationSettingsForm
from matching.notifications.messages import message_for
from matching.notifications.models import Notification
from matching.notifications.preferences import preferences_of, preferences_set
from matching.notifications.services import notification_mark_read, notifications_mark_all_read
from matching.notifications.targets import is_confidential, text_in, visible_keys
from matching.notifications.unsubscribe import read_unsubscribe_token, unsubscribe

PAGE_SIZE = 30


@login_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    notifications = Notification.objects.visible_to(request.user).select_related("content_type")
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    # Titles are shown only for what the reader may still see, checked per page.
    visible = visible_keys(
        user=request.user, keys=[(n.content_type_id, n.object_id) for n in page.object_list]
    )
    language = get_language() or settings.LANGUAGE_CODE
    rows = []
    for n in page.object_list:
        payload = n.payload or {}
        title = text_in(payload, "title", language)
        confidential = is_confidential(n.content_type.model_class())
        rows.append(
            {
                "notification": n,
                "available": (n.content_type_id, n.object_id) in visible,
                "title": title,
                "summary": text_in(payload, "summary", language),
                "message": ""
                if confidential
                else message_for(kind=n.kind, payload=payload, title=title),
            }
        )
    unread = Notification.objects.visible_to(request.user).unread().count()
    return render(
        request,
        "matching/notifications/inbox.html",
        {"page": page, "rows": rows, "unread": unread},
    )


@login_required
def notification_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Follow a notification (from the inbox or an email): mark it read, go to its object."""
    try:
        notification = notification_mark_read(user=request.user, notification_id=pk)
    except Notification.DoesNotExist:
        raise Http404 from None
    key = (notification.content_type_id, notification.object_id)
    if key not in visible_keys(user=request.user, keys=[key]):
        messages.info(request, _("What this notification was about is no longer available."))
        return redirect("notifications:inbox")
    url = str((notification.payload or {}).get("url") or "")
    if not url:
        get_absolute_url = getattr(notification.target, "get_absolute_url", None)
        url = str(get_absolute_url()) if callable(get_absolute_url) else ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts=None):  # local paths only
        return HttpResponseRedirect(url)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    try:
        notification_mark_read(user=request.user, notification_id=pk)
    except Notification.DoesNotExist:
        raise Http404 from None
    return redirect(_back_to_inbox(request))


@login_required
@require_POST
def mark_all_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    count = notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect(_back_to_inbox(request))


def _back_to_inbox(request: HttpRequest) -> str:
    page = request.POST.get("page", "")
    inbox_url = reverse("notifications:inbox")
    return f"{inbox_url}?page={page}" if page.isdigit() else inbox_url


@login_required
def notification_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    preferences = preferences_of(request.user)
    form = NotificationSettingsForm(request.POST or None, preferences=preferences)
    if request.method == "POST" and form.is_valid():
        preferences_set(
            user=request.user,
            by_kind=form.by_kind(),
            email_opt_out=form.cleaned_data["email_opt_out"],
        )
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:settings")
    return render(request, "matching/notifications/settings.html", {"form": form})


# No CSRF check: the signed token in the URL is the permission, and RFC 8058 mail clients
# POST "List-Unsubscribe=One-Click" to it without any cookie or form token.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_page(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what the link does and a button; POST (the button, or a mail client) does it."""
    try:
        unsubscription = read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "matching/notifications/unsubscribe_invalid.html", status=400)
    done = request.method == "POST"
    if done:
        unsubscribe(unsubscription)
    return render(
        request,
        "matching/notifications/unsubscribe.html",
        {
            "kind": unsubscription.kind.label if unsubscription.kind else None,
            "email": unsubscription.user.email,
            "done": done,
        },
    )
