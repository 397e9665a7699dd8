"""Reads for achievements and disclosures, starting with who may see and act on them.

restrict(user, action) returns exactly the rows on which the user may do the action in their
current state; visible_to = restrict("view"), editable_by = restrict("edit"). The actions and
rules are those of the permission contract (docs/permissions.md on main, where
accounts/permissions.py states them as grant tables): services check them again before every
state change, so a page, an API view or a task cannot skip them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from accounts.roles import AnyUser, is_admin, is_moderator, organization_ids, tto_organization_ids

if TYPE_CHECKING:  # the models import these querysets; the reverse is for typing only
    from achievements.models import (  # noqa: F401
        Achievement,
        AchievementFile,
        Disclosure,
        ImportJob,
    )


class UnknownAction(ValueError):
    """An action the model does not declare: a programming error, never an empty queryset."""


def _states(*states: str) -> Q:
    return Q(status__in=list(states))


def _tto_of(user: AnyUser, path: str = "institution_id") -> Q | None:
    ids = tto_organization_ids(user)
    return Q(**{f"{path}__in": sorted(ids)}) if ids else None


def _moderators_outside(user: AnyUser, path: str = "institution_id") -> Q | None:
    """Moderators, except for their own organisations' rows: no one reviews their own work."""
    if not is_moderator(user):
        return None
    own = organization_ids(user)
    return ~Q(**{f"{path}__in": sorted(own)}) if own else Q()


def _grant(user: AnyUser, *grants: tuple[Q | None, Q]) -> Q | None:
    """OR of (who, rows) pairs the user holds; admins hold every grant."""
    rule: Q | None = None
    for who, rows in grants:
        if is_admin(user):
            who = Q()
        if who is None:
            continue
        condition = who & rows
        rule = condition if rule is None else rule | condition
    return rule


def _with_submitted_revision() -> Q:
    from achievements.models import AchievementRevision

    return Q(
        status="published",
        pk__in=AchievementRevision.objects.filter(status="submitted").values("achievement_id"),
    )


class AchievementQuerySet(models.QuerySet["Achievement"]):
    ACTIONS = ("view", "export", "edit", "submit", "moderate", "archive")

    def published(self) -> AchievementQuerySet:
        return self.filter(status="published")

    def restrict(self, user: AnyUser, action: str) -> AchievementQuerySet:
        signed_in = user.is_authenticated
        moderators = Q() if is_moderator(user) else None
        rules = {
            "view": lambda: _grant(
                user,
                (Q(), _states("published")),
                (_tto_of(user), Q()),
                (moderators, ~_states("draft")),
            ),
            # A listing under review, rejected or archived is frozen.
            "edit": lambda: _grant(
                user, (_tto_of(user), _states("draft", "changes_requested", "published"))
            ),
            "submit": lambda: _grant(user, (_tto_of(user), _states("draft", "changes_requested"))),
            # approve, request changes, reject (always with a reason): a submitted listing, or
            # the submitted revision of a published one.
            "moderate": lambda: _grant(
                user,
                (_moderators_outside(user), _states("submitted") | _with_submitted_revision()),
            ),
            "archive": lambda: _grant(
                user,
                (_tto_of(user), _states("draft", "changes_requested", "published", "rejected")),
                (moderators if signed_in else None, _states("published")),  # a take-down
            ),
        }
        rules["export"] = rules["view"]
        if action not in rules:
            raise UnknownAction(f"Achievement has no action {action!r}")
        rule = rules[action]()
        return self.none() if rule is None else self.filter(rule)

    def visible_to(self, user: AnyUser) -> AchievementQuerySet:
        """Published listings for everyone; the rest to its institution's TTO and moderators."""
        return self.restrict(user, "view")

    def editable_by(self, user: AnyUser) -> AchievementQuerySet:
        """Listings whose content the user may change now (their institution's, not frozen)."""
        return self.restrict(user, "edit")

    def moderatable_by(self, user: AnyUser) -> AchievementQuerySet:
        return self.restrict(user, "moderate")


class AchievementFileQuerySet(models.QuerySet["AchievementFile"]):
    def visible_to(self, user: AnyUser) -> AchievementFileQuerySet:
        """Public files of listings the user may see; confidential ones to the listing's TTO.

        Moderators see every file of a listing they may see, so they can judge it.
        """
        from achievements.models import Achievement

        visible = Achievement.objects.visible_to(user)
        if is_admin(user) or is_moderator(user):
            return self.filter(achievement__in=visible)
        tto = _tto_of(user, "achievement__institution_id")
        rule = Q(achievement__in=visible, is_public=True)
        if tto is not None:
            rule |= tto
        return self.filter(rule)


class DisclosureQuerySet(models.QuerySet["Disclosure"]):
    ACTIONS = ("view", "export", "edit", "submit", "review", "convert")

    def restrict(self, user: AnyUser, action: str) -> DisclosureQuerySet:
        if not user.is_authenticated:
            return self.none()
        from achievements.models import DisclosureInventor

        submitter = Q(submitter=user.pk)
        # A subquery, not a join: a join through inventors would repeat rows.
        inventor = Q(pk__in=DisclosureInventor.objects.filter(user=user.pk).values("disclosure_id"))
        tto = _tto_of(user)
        rules = {
            # Confidential: never the public, moderators, other institutions or researchers.
            "view": lambda: _grant(
                user, (submitter, Q()), (inventor, Q()), (tto, ~_states("draft"))
            ),
            "edit": lambda: _grant(user, (submitter, _states("draft"))),
            "submit": lambda: _grant(user, (submitter, _states("draft"))),
            "review": lambda: _grant(user, (tto, _states("submitted", "under_review"))),
            "convert": lambda: _grant(user, (tto, _states("accepted"))),
        }
        rules["export"] = rules["view"]
        if action not in rules:
            raise UnknownAction(f"Disclosure has no action {action!r}")
        rule = rules[action]()
        return self.none() if rule is None else self.filter(rule)

    def visible_to(self, user: AnyUser) -> DisclosureQuerySet:
        """Confidential: submitter, inventors, and (once submitted) the institution's TTO."""
        return self.restrict(user, "view")

    def editable_by(self, user: AnyUser) -> DisclosureQuerySet:
        return self.restrict(user, "edit")


class ImportJobQuerySet(models.QuerySet["ImportJob"]):
    def visible_to(self, user: AnyUser) -> ImportJobQuerySet:
        """Import jobs (and their files and reports) belong to the institution's TTO."""
        if is_admin(user):
            return self.all()
        tto = _tto_of(user)
        return self.none() if tto is None else self.filter(tto)
