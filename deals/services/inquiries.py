"""Inquiries: asking about a listing, replying, closing; each message tells the other side."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Organization, User
from accounts.roles import AnyUser, is_admin, organization_ids, tto_organization_ids
from achievements.models import Achievement
from deals.models import Inquiry, Message
from deals.querysets import deal_listings
from deals.services.guards import require
from deals.services.limits import check_daily_limit
from deals.services.telling import organization_members, tell, tto_members
from deals.text import clean_text
from moderation.workflow import transition
from portal import audit

S = Inquiry.Status
Side = Message.Side
# pg_advisory_xact_lock(class, id): one person's daily count is checked one request at a time.
LIMIT_LOCK_CLASS = 0x6471  # "dq"


def side_of(user: AnyUser, inquiry: Inquiry) -> str | None:
    """Which side of the thread the user writes for, or None if they are no party to it."""
    if not user.is_authenticated:
        return None
    if inquiry.achievement.institution_id in tto_organization_ids(user):
        return Side.INSTITUTION
    if inquiry.sender_id == user.pk or (
        inquiry.organization_id is not None and inquiry.organization_id in organization_ids(user)
    ):
        return Side.REQUESTER
    if is_admin(user):
        return Side.ADMIN
    return None


def _check_daily_limit(actor: User) -> None:
    check_daily_limit(
        actor=actor,
        recent=Inquiry.objects.filter(sender=actor),
        limit=settings.DEALS_INQUIRY_DAILY_LIMIT,
        lock_class=LIMIT_LOCK_CLASS,
        message=_(
            "You have sent %(limit)d inquiries in the last 24 hours, the most allowed. "
            "Please try again later."
        ),
    )


def _check_organization(
    actor: User, organization: Organization | None, listing: Achievement
) -> None:
    if organization is None:
        return
    if organization.pk not in organization_ids(actor):
        raise ValidationError(
            {"organization": _("Choose an organisation you are an active member of.")}
        )
    if organization.pk == listing.institution_id:
        raise ValidationError(
            {"organization": _("You cannot ask your own institution through the portal.")}
        )


def _message(*, inquiry: Inquiry, author: User, side: str, body: str) -> Message:
    message = Message(inquiry=inquiry, author=author, side=side, body=clean_text(body))
    if not message.body:
        raise ValidationError({"body": _("Write a message.")})
    message.full_clean()
    message.save()
    return message


def _thread_payload(inquiry: Inquiry, line: str) -> dict[str, str]:
    from deals.services.telling import in_both_languages

    return {
        "title": inquiry.subject,
        **in_both_languages(line, inquiry.achievement),
        "url": inquiry.get_absolute_url(),
    }


def _other_side(inquiry: Inquiry, side: str) -> list[User]:
    """Who hears about what `side` did: the TTO about the enquirer, the enquirer about the TTO,
    both about an admin. Where someone of a side has already written in the thread, only they
    hear; otherwise everyone of that side (the TTO's officers; the sender, or the sender's
    colleagues when the sender's account is gone)."""
    authors: dict[str, list[User]] = {Side.REQUESTER: [], Side.INSTITUTION: []}
    for message in inquiry.messages.select_related("author"):
        if message.author is not None and message.side in authors:
            authors[message.side].append(message.author)
    recipients: list[User] = []
    if side in (Side.REQUESTER, Side.ADMIN):
        recipients += authors[Side.INSTITUTION] or tto_members(inquiry.achievement.institution_id)
    if side in (Side.INSTITUTION, Side.ADMIN):
        requester_side = [u for u in [inquiry.sender, *authors[Side.REQUESTER]] if u is not None]
        if not requester_side and inquiry.organization_id is not None:
            requester_side = organization_members(inquiry.organization_id)
        recipients += requester_side
    return recipients


def _tell_other_side(inquiry: Inquiry, message: Message, *, first: bool = False) -> None:
    line = (
        gettext_noop("New inquiry about “%(listing)s”")
        if first
        else gettext_noop("New message about “%(listing)s”")
    )
    tell(
        _other_side(inquiry, message.side),
        reason=f"inquiry-message:{message.pk}",
        target=inquiry,
        payload=_thread_payload(inquiry, line),
        skip=message.author,
    )


def inquiry_create(
    *,
    actor: User,
    achievement: Achievement,
    subject: str,
    body: str,
    organization: Organization | None = None,
) -> Inquiry:
    """Ask the listing's TTO a question; the thread starts open (waiting for the TTO)."""
    if not deal_listings.restrict(actor, "inquire").filter(pk=achievement.pk).exists():
        if achievement.institution_id in tto_organization_ids(actor):
            raise ValidationError(
                {"achievement": _("This is your own institution's listing.")},
                code="own_listing",
            )
        raise ValidationError(
            {"achievement": _("Questions can only be asked about published listings.")},
            code="not_published",
        )
    _check_organization(actor, organization, achievement)
    inquiry = Inquiry(
        achievement=achievement,
        sender=actor,
        organization=organization,
        subject=clean_text(subject),
        status=S.OPEN,
    )
    errors: dict[str, list[str]] = {}
    if not inquiry.subject:
        errors["subject"] = [_("Write a subject.")]
    if not clean_text(body):
        errors["body"] = [_("Write a message.")]
    if errors:
        raise ValidationError(errors)
    inquiry.full_clean()
    with transaction.atomic():
        _check_daily_limit(actor)
        inquiry.save()
        message = _message(inquiry=inquiry, author=actor, side=Side.REQUESTER, body=body)
        inquiry.last_message_at = message.created_at
        inquiry.save(update_fields=["last_message_at"])
        audit.record(actor=actor, target=inquiry, action="inquire", to_state=S.OPEN)
        _tell_other_side(inquiry, message, first=True)
    return inquiry


# A message from one side leaves the thread waiting for the other.
STATE_AFTER: dict[str, str] = {Side.REQUESTER: S.OPEN, Side.INSTITUTION: S.ANSWERED}


def inquiry_reply(*, actor: User, inquiry: Inquiry, body: str) -> Message:
    """Write in the thread. The enquirer's message makes it open (waiting for the TTO), the
    TTO's makes it answered; either reopens a closed thread. An admin's message changes only a
    closed thread (to open)."""
    side = side_of(actor, inquiry)
    require(
        Inquiry.objects,
        actor,
        "reply",
        inquiry,
        holds_role=side is not None,
        refusal=_("Only the two parties can write in this thread."),
        state=inquiry.get_status_display(),
    )
    side = side or Side.ADMIN  # require() let through parties (and admins) only
    with transaction.atomic():
        locked = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
        message = _message(inquiry=locked, author=actor, side=side, body=body)
        before = locked.status
        after = STATE_AFTER.get(side, S.OPEN if before == S.CLOSED else before)
        locked.status = after
        locked.last_message_at = message.created_at
        if after != S.CLOSED:
            locked.closed_at = None
        locked.save(update_fields=["status", "last_message_at", "closed_at", "updated_at"])
        if after != before:
            action = "reopen" if before == S.CLOSED else "reply"
            audit.record(
                actor=actor, target=locked, action=action, from_state=before, to_state=after
            )
        _tell_other_side(locked, message)
    inquiry.refresh_from_db()
    return message


def inquiry_close(*, actor: User, inquiry: Inquiry) -> Inquiry:
    """Either side closes the thread; a new message opens it again. Closing twice is harmless."""
    inquiry.refresh_from_db()
    side = side_of(actor, inquiry)
    if not require(
        Inquiry.objects,
        actor,
        "close",
        inquiry,
        holds_role=side is not None,
        refusal=_("Only the two parties can close this thread."),
        state=inquiry.get_status_display(),
        already_done=inquiry.status == S.CLOSED,
    ):
        return inquiry

    def stamp(thread: Inquiry) -> None:
        thread.closed_at = timezone.now()

    def tell_them(thread: Inquiry) -> None:
        # "Closed after message N": a thread reopened by a message and closed again is news.
        last = thread.messages.order_by("-created_at", "-id").values_list("pk", flat=True).first()
        tell(
            _other_side(thread, side or Side.ADMIN),
            reason=f"inquiry-closed:{last}",
            target=thread,
            payload=_thread_payload(thread, gettext_noop("Inquiry about “%(listing)s” closed")),
            skip=actor,
        )

    return transition(
        inquiry,
        actor=actor,
        action="close",
        allowed_from=[S.OPEN, S.ANSWERED],
        to_state=S.CLOSED,
        update=stamp,
        on_change=tell_them,
    )
