"""Document requests: asking for a listing's confidential files, the NDA, the TTO's decision."""

from __future__ import annotations

import datetime as dt
import ipaddress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Organization, User
from accounts.roles import AnyUser, organization_ids, tto_organization_ids
from achievements.models import Achievement
from deals.models import AccessRequest, Nda, NdaAcceptance
from deals.querysets import deal_institutions, deal_listings
from deals.services.guards import require
from deals.services.limits import check_daily_limit
from deals.services.telling import in_both_languages, tell, tto_members
from deals.text import REASON_MAX_LENGTH, clean_text
from moderation.workflow import require_reason, transition
from portal import audit

S = AccessRequest.Status
LIMIT_LOCK_CLASS = 0x6472  # "dr": one person's daily count of document requests


def _payload(request: AccessRequest, line: str) -> dict[str, str]:
    listing = request.achievement
    return {
        "title_zh": listing.title_zh or listing.title_en,
        "title_en": listing.title_en or listing.title_zh,
        **in_both_languages(line, listing),
        "url": request.get_absolute_url(),
    }


def _tell_tto(request: AccessRequest, *, reason: str, line: str, actor: User) -> None:
    tell(
        tto_members(request.achievement.institution_id),
        reason=reason,
        target=request,
        payload=_payload(request, line),
        skip=actor,
    )


def _tell_requester(request: AccessRequest, *, reason: str, line: str) -> None:
    if request.requester is not None:
        tell([request.requester], reason=reason, target=request, payload=_payload(request, line))


def _is_tto(user: AnyUser, request: AccessRequest) -> bool:
    return request.achievement.institution_id in tto_organization_ids(user) or bool(
        user.is_authenticated and user.is_superuser
    )


def _is_requester(user: AnyUser, request: AccessRequest) -> bool:
    return bool(user.is_authenticated and (request.requester_id == user.pk or user.is_superuser))


def current_nda(institution_id: int) -> Nda | None:
    return Nda.objects.current().filter(institution_id=institution_id).first()


def nda_acceptance_for(request: AccessRequest) -> NdaAcceptance | None:
    """The acceptance of the institution's current NDA for this request, if any."""
    return request.nda_acceptances.filter(nda__is_current=True).select_related("nda").first()


def _check_daily_limit(actor: User) -> None:
    check_daily_limit(
        actor=actor,
        recent=AccessRequest.objects.filter(requester=actor),
        limit=settings.DEALS_ACCESS_REQUEST_DAILY_LIMIT,
        lock_class=LIMIT_LOCK_CLASS,
        message=_(
            "You have asked for documents %(limit)d times in the last 24 hours, the most "
            "allowed. Please try again later."
        ),
    )


def access_request_create(
    *,
    actor: User,
    achievement: Achievement,
    purpose: str,
    organization: Organization | None = None,
) -> AccessRequest:
    """Ask the listing's TTO for its confidential documents. One pending request per person
    and listing; someone who holds access already is told so."""
    if not deal_listings.restrict(actor, "request_access").filter(pk=achievement.pk).exists():
        if achievement.institution_id in tto_organization_ids(actor):
            raise ValidationError(
                {"achievement": _("Your technology-transfer office has these documents already.")}
            )
        raise ValidationError(
            {"achievement": _("Documents can only be requested for published listings.")}
        )
    if organization is not None and organization.pk not in organization_ids(actor):
        raise ValidationError(
            {"organization": _("Choose an organisation you are an active member of.")}
        )
    mine = AccessRequest.objects.filter(requester=actor, achievement=achievement)
    if mine.filter(status=S.PENDING).exists():
        raise ValidationError(
            {"achievement": _("You have already asked for these documents; the TTO will decide.")}
        )
    if mine.granting().exists():
        raise ValidationError({"achievement": _("You already have access to these documents.")})
    request = AccessRequest(
        achievement=achievement,
        requester=actor,
        organization=organization,
        purpose=clean_text(purpose),
    )
    if not request.purpose:
        raise ValidationError({"purpose": _("Say what you need the documents for.")})
    request.full_clean()
    with transaction.atomic():
        _check_daily_limit(actor)
        try:
            with transaction.atomic():
                request.save()
        except IntegrityError:  # a simultaneous second request: the constraint keeps one
            raise ValidationError(
                {
                    "achievement": _(
                        "You have already asked for these documents; the TTO will decide."
                    )
                }
            ) from None
        audit.record(actor=actor, target=request, action="request_access", to_state=S.PENDING)
        _tell_tto(
            request,
            reason=f"access-request:{request.pk}",
            line=gettext_noop("New request for the documents of “%(listing)s”"),
            actor=actor,
        )
    return request


def _client_address(raw: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((raw or "").strip()))
    except ValueError:
        return None


def nda_accept(
    *,
    actor: User,
    access_request: AccessRequest,
    nda: Nda,
    signed_name: str,
    ip_address: str | None,
    user_agent: str = "",
) -> NdaAcceptance:
    """The requester accepts the NDA version they were shown. If the institution published a
    newer version meanwhile, they are asked to read that one instead."""
    access_request.refresh_from_db()
    if not require(
        AccessRequest.objects,
        actor,
        "accept_nda",
        access_request,
        holds_role=_is_requester(actor, access_request),
        refusal=_("Only the person who asked for the documents can accept the NDA."),
        state=access_request.get_status_display(),
        already_done=access_request.status == S.PENDING,
    ):
        existing = nda_acceptance_for(access_request)
        if existing is not None:
            return existing  # accepted already: a repeated form post changes nothing
        raise ValidationError(_("This institution does not ask for an NDA at the moment."))
    current = current_nda(access_request.achievement.institution_id)
    if current is None or current.pk != nda.pk:
        raise ValidationError(
            {"version": _("The NDA has changed since you opened it. Please read the new version.")}
        )
    name = clean_text(signed_name)
    if not name:
        raise ValidationError({"signed_name": _("Type your full name to sign.")})
    acceptance = NdaAcceptance(
        access_request=access_request,
        nda=current,
        user=actor,
        signed_name=name,
        email=actor.email,
        organization_name=str(access_request.organization or ""),
        ip_address=_client_address(ip_address),
        user_agent=(user_agent or "")[:300],
        text_sha256=current.text_sha256,
    )
    acceptance.full_clean()
    with transaction.atomic():
        try:
            with transaction.atomic():
                acceptance.save()
        except IntegrityError:  # the same form posted twice at once: one record is enough
            return NdaAcceptance.objects.get(access_request=access_request, nda=current)
        audit.record(
            actor=actor,
            target=access_request,
            action="accept_nda",
            from_state=access_request.status,
            to_state=access_request.status,
            reason=f"{current.title} v{current.version}",
        )
        _tell_tto(
            access_request,
            reason=f"access-nda:{acceptance.pk}",
            line=gettext_noop("The NDA for “%(listing)s” was accepted"),
            actor=actor,
        )
    return acceptance


def _decision(actor: User, request: AccessRequest, action: str, *done: str) -> bool:
    request.refresh_from_db()
    return require(
        AccessRequest.objects,
        actor,
        action,
        request,
        holds_role=_is_tto(actor, request),
        refusal=_("Only the listing's technology-transfer office can decide on this request."),
        state=_state_label(request),
        already_done=request.status in done,
    )


def _state_label(request: AccessRequest) -> str:
    if (
        request.status == S.PENDING
        and AccessRequest.objects.waiting_for_nda().filter(pk=request.pk).exists()
    ):
        return str(_("Waiting for the requester to accept the NDA"))
    return str(request.get_status_display())


def _end_of(day: dt.date) -> dt.datetime:
    """The first moment after `day` in the portal's time zone."""
    midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min)
    return timezone.make_aware(midnight)


def access_request_approve(
    *, actor: User, access_request: AccessRequest, expires_on: dt.date | None = None
) -> AccessRequest:
    """Open the listing's confidential documents to the requester, until `expires_on` (the
    whole day included) or until revoked. Needs the current NDA accepted, if there is one."""
    if not _decision(actor, access_request, "approve", S.APPROVED):
        return access_request
    if expires_on is not None and expires_on < timezone.localdate():
        raise ValidationError({"expires_on": _("Choose today or a later day.")})

    def decide(request: AccessRequest) -> None:
        request.decided_by = actor
        request.decided_at = timezone.now()
        request.expires_at = _end_of(expires_on) if expires_on else None

    return transition(
        access_request,
        actor=actor,
        action="approve",
        allowed_from=[S.PENDING],
        to_state=S.APPROVED,
        reason=(_("Access until %(day)s") % {"day": expires_on.isoformat()} if expires_on else ""),
        update=decide,
        on_change=lambda r: _tell_requester(
            r,
            reason="access-approved",
            line=gettext_noop("You may now read the documents of “%(listing)s”"),
        ),
    )


def _reason(reason: str) -> str:
    reason = require_reason(clean_text(reason or ""))
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("Keep the reason under %(max)d characters.") % {"max": REASON_MAX_LENGTH}}
        )
    return reason


def access_request_decline(
    *, actor: User, access_request: AccessRequest, reason: str
) -> AccessRequest:
    if not _decision(actor, access_request, "decline", S.DECLINED):
        return access_request
    reason = _reason(reason)

    def decide(request: AccessRequest) -> None:
        request.decided_by = actor
        request.decided_at = timezone.now()
        request.reason = reason

    return transition(
        access_request,
        actor=actor,
        action="decline",
        allowed_from=[S.PENDING],
        to_state=S.DECLINED,
        reason=reason,
        update=decide,
        on_change=lambda r: _tell_requester(
            r,
            reason="access-declined",
            line=gettext_noop("Your request for the documents of “%(listing)s” was declined"),
        ),
    )


def access_request_revoke(
    *, actor: User, access_request: AccessRequest, reason: str
) -> AccessRequest:
    """Take back approved access; the documents close at once."""
    if not _decision(actor, access_request, "revoke", S.REVOKED):
        return access_request
    reason = _reason(reason)

    def stamp(request: AccessRequest) -> None:
        request.revoked_at = timezone.now()
        request.reason = reason

    return transition(
        access_request,
        actor=actor,
        action="revoke",
        allowed_from=[S.APPROVED],
        to_state=S.REVOKED,
        reason=reason,
        update=stamp,
        on_change=lambda r: _tell_requester(
            r,
            reason="access-revoked",
            line=gettext_noop("Your access to the documents of “%(listing)s” was revoked"),
        ),
    )


def access_request_withdraw(*, actor: User, access_request: AccessRequest) -> AccessRequest:
    access_request.refresh_from_db()
    if not require(
        AccessRequest.objects,
        actor,
        "withdraw",
        access_request,
        holds_role=_is_requester(actor, access_request),
        refusal=_("Only the person who asked can withdraw the request."),
        state=access_request.get_status_display(),
        already_done=access_request.status == S.WITHDRAWN,
    ):
        return access_request
    return transition(
        access_request,
        actor=actor,
        action="withdraw",
        allowed_from=[S.PENDING],
        to_state=S.WITHDRAWN,
    )


# --- The institution's NDA ----------------------------------------------------------------------


def _require_nda_manager(actor: User, institution: Organization) -> None:
    require(
        deal_institutions,
        actor,
        "manage_nda",
        institution,
        holds_role=False,
        refusal=_("Only the institution's technology-transfer office can change its NDA."),
        state="",
    )


def nda_publish(*, actor: User, institution: Organization, title: str, text: str) -> Nda:
    """Publish a new version of the institution's NDA; it becomes the one requesters accept.
    Requests waiting for a decision then need the new version accepted before approval."""
    _require_nda_manager(actor, institution)
    with transaction.atomic():
        # Serialise publications per institution: version numbers must not collide.
        Organization.objects.select_for_update().filter(pk=institution.pk).first()
        versions = Nda.objects.filter(institution=institution)
        latest = versions.order_by("-version").values_list("version", flat=True).first() or 0
        previous = versions.filter(is_current=True).first()
        if previous is not None:
            previous.is_current = False
            previous.retired_at = timezone.now()
            previous.save(update_fields=["is_current", "retired_at"])
        nda = Nda(
            institution=institution,
            version=latest + 1,
            title=clean_text(title),
            text=clean_text(text),
            created_by=actor,
        )
        errors: dict[str, list[str]] = {}
        if not nda.title:
            errors["title"] = [_("Give the NDA a title.")]
        if not nda.text:
            errors["text"] = [_("Paste the text of the NDA.")]
        if errors:
            raise ValidationError(errors)
        nda.full_clean()
        nda.save()
        audit.record(
            actor=actor,
            target=nda,
            action="publish_nda",
            from_state=f"v{previous.version}" if previous else "",
            to_state=f"v{nda.version}",
        )
    return nda


def nda_retire(*, actor: User, institution: Organization) -> Nda | None:
    """Stop asking for an NDA; waiting requests can be approved without one."""
    _require_nda_manager(actor, institution)
    with transaction.atomic():
        current = (
            Nda.objects.select_for_update().filter(institution=institution, is_current=True).first()
        )
        if current is None:
            return None  # no NDA in force: nothing to do
        current.is_current = False
        current.retired_at = timezone.now()
        current.save(update_fields=["is_current", "retired_at"])
        audit.record(
            actor=actor, target=current, action="retire_nda", from_state=f"v{current.version}"
        )
    return current
