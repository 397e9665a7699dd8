"""Writes of matches: what a person thinks of one (useful, or dismissed with a reason).

The engine reads the dismissals back: a dismissal lowers similar matches later (the
``feedback`` part of their scores). Every change is audited on the match (actor, verdict,
reason); a repeat of the same verdict changes nothing and writes nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from matching.matches.models import Match, MatchFeedback
from portal.audit import record

Verdict = MatchFeedback.Verdict
Reason = MatchFeedback.Reason


def _lock(match: Match) -> None:
    """Serialise verdicts on one match: two first verdicts at once (a double click) cannot
    both insert, and a change reads the row it replaces."""
    list(Match.objects.select_for_update().filter(pk=match.pk).values_list("pk", flat=True))


def _check_may_give_feedback(user: User, match: Match) -> None:
    if not Match.objects.restrict(user, "feedback").filter(pk=match.pk).exists():
        raise PermissionDenied(_("You cannot give feedback on this match."))


def match_feedback_give(
    *, user: User, match: Match, verdict: str, reason: str = ""
) -> MatchFeedback:
    """Mark a match useful, or dismiss it with a reason; changing your mind updates your row.

    A useful verdict takes no reason (one given is dropped). Only someone who is shown the
    match may give feedback on it (PermissionDenied otherwise).
    """
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": _("Choose useful or dismissed.")})
    if verdict == Verdict.DISMISSED:
        if not reason:
            raise ValidationError({"reason": _("Say why you dismiss this match.")})
        if reason not in Reason.values:
            raise ValidationError({"reason": _("Choose one of the listed reasons.")})
    else:
        reason = ""
    _check_may_give_feedback(user, match)
    with transaction.atomic():
        _lock(match)
        feedback = MatchFeedback.objects.filter(match=match, user=user).first()
        before = feedback.verdict if feedback is not None else ""
        if feedback is None:
            feedback = MatchFeedback(match=match, user=user)
        elif (feedback.verdict, feedback.reason) == (verdict, reason):
            return feedback  # the same verdict again: nothing changes
        feedback.verdict = verdict
        feedback.reason = reason
        feedback.full_clean(validate_unique=False)
        feedback.save()
        record(
            actor=user,
            target=match,
            action="match_feedback",
            from_state=before,
            to_state=verdict,
            reason=reason,
        )
    return feedback


def match_feedback_withdraw(*, user: User, match: Match) -> bool:
    """Take back your verdict on a match; True if there was one (a repeat changes nothing)."""
    _check_may_give_feedback(user, match)
    with transaction.atomic():
        feedback = MatchFeedback.objects.select_for_update().filter(match=match, user=user).first()
        if feedback is None:
            return False
        record(
            actor=user,
            target=match,
            action="match_feedback_withdraw",
            from_state=feedback.verdict,
            reason=feedback.reason,
        )
        feedback.delete()
    return True
