"""Service-side guards: the same restrict() that decides visibility decides who may act.

restrict(actor, action) answers "may this actor do this to this row in its current state".
When it says no, the guard tells apart a refusal (wrong person: PermissionDenied, a 403) from
a wrong state (right person: TransitionNotAllowed, with the state named) and from a retry of
something already done (right person, object already in the result state: nothing to do).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import is_admin, is_moderator, organization_ids, tto_organization_ids
from achievements.models import Achievement, Disclosure
from moderation.workflow import TransitionNotAllowed


def _state_error(label: str) -> TransitionNotAllowed:
    return TransitionNotAllowed(
        _("This cannot be done while the item is “%(state)s”.") % {"state": label},
        code="transition_not_allowed",
    )


def require_listing(
    actor: User, achievement: Achievement, action: str, *, already_done: bool = False
) -> bool:
    """True: go ahead. False: already done, nothing to do. Raises when refused."""
    if Achievement.objects.restrict(actor, action).filter(pk=achievement.pk).exists():
        return True
    institution = achievement.institution_id
    if is_admin(actor):
        holds_role = True
    elif action == "moderate":
        holds_role = is_moderator(actor) and institution not in organization_ids(actor)
    elif action == "archive":
        holds_role = institution in tto_organization_ids(actor) or is_moderator(actor)
    else:
        holds_role = institution in tto_organization_ids(actor)
    if not holds_role:
        if action == "moderate":
            raise PermissionDenied(
                _("Only moderators from outside the institution can decide on this listing.")
            )
        raise PermissionDenied(_("Only the listing's technology-transfer office can do this."))
    if already_done:
        return False
    raise _state_error(achievement.get_status_display())


def require_disclosure(
    actor: User, disclosure: Disclosure, action: str, *, already_done: bool = False
) -> bool:
    """True: go ahead. False: already done, nothing to do. Raises when refused."""
    if Disclosure.objects.restrict(actor, action).filter(pk=disclosure.pk).exists():
        return True
    if action in {"edit", "submit"}:
        holds_role = is_admin(actor) or disclosure.submitter_id == actor.pk
        refusal = _("Only the submitter can change a draft disclosure.")
    else:
        holds_role = is_admin(actor) or disclosure.institution_id in tto_organization_ids(actor)
        refusal = _("Only the institution's technology-transfer office can do this.")
    if not holds_role:
        raise PermissionDenied(refusal)
    if already_done:
        return False
    raise _state_error(disclosure.get_status_display())
