"""The people and objects the permission matrix talks about, built fresh for each test."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from accounts.models import ApiToken, Invitation, Membership, Organization, User
from accounts.services import api_token_create
from accounts.tests.factories import MembershipFactory, UserFactory
from achievements.models import Achievement
from achievements.tests.factories import AchievementFactory, DisclosureFactory
from experts.models import Expert
from experts.tests.factories import ExpertFactory
from needs.tests.factories import NeedFactory


@dataclass
class World:
    users: dict[str, User | None]
    university_a: Organization
    university_b: Organization
    enterprise: Organization

    def user(self, role: str) -> User | None:
        return self.users[role]


def build_world(request: Any) -> World:
    """The conftest's named people, plus manager_a (TTO manager of University A)."""
    get = request.getfixturevalue
    university_a = get("university_a")
    manager_a = MembershipFactory.create(
        user=UserFactory.create(email="manager-a@example.org"),
        organization=university_a,
        role=Membership.Role.TTO_MANAGER,
    ).user
    users: dict[str, User | None] = {
        "anonymous": None,
        "researcher_a": get("researcher_a"),
        "tto_a": get("tto_a"),
        "manager_a": manager_a,
        "tto_b": get("tto_b"),
        "enterprise_member": get("enterprise_member"),
        "expert": get("expert_user"),
        "moderator": get("moderator"),
        "admin": get("admin"),
    }
    return World(users, university_a, get("university_b"), get("enterprise"))


def _achievement(world: World, state: str) -> Achievement:
    return AchievementFactory.create(
        institution=world.university_a,
        created_by=world.user("tto_a"),
        status=state,
        published_at=timezone.now() if state == "published" else None,
        title_en=f"Secret-free test listing in state {state}",
    )


def _disclosure(world: World, state: str) -> Any:
    return DisclosureFactory.create(
        institution=world.university_a, submitter=world.user("researcher_a"), status=state
    )


def _need(world: World, state: str) -> Any:
    return NeedFactory.create(
        organization=world.enterprise,
        created_by=world.user("enterprise_member"),
        status=state,
        published_at=timezone.now() if state == "published" else None,
    )


def _expert(world: World, state: str) -> Expert:
    kept = state.startswith("kept_")
    visibility = state.removeprefix("kept_")
    if kept:
        expert = ExpertFactory.create(managed_by=world.university_a)
    else:
        expert = Expert.objects.get(user=world.user("expert"))
    expert.visibility = "registered" if visibility == "registered" else "public"
    expert.is_active = visibility != "unlisted"
    expert.save()
    return expert


def _organization(world: World, state: str) -> Organization:
    organization = world.university_a
    organization.verified = state == "verified"
    organization.save()
    return organization


def _membership(world: World, state: str) -> Membership:
    membership, _created = Membership.objects.update_or_create(
        user=world.user("researcher_a"),
        organization=world.university_a,
        defaults={"status": state, "role": Membership.Role.RESEARCHER},
    )
    return membership


def _invitation(world: World, state: str) -> Invitation:
    return Invitation.objects.create(
        organization=world.university_a,
        email="invitee@example.org",
        role=Membership.Role.TTO_OFFICER,
        invited_by=world.user("manager_a"),
        accepted_at=timezone.now() if state == "accepted" else None,
    )


def _api_token(world: World, state: str) -> ApiToken:
    owner = world.user("tto_a")
    assert owner is not None
    token, _key = api_token_create(user=owner, name="matrix token")
    if state == "revoked":
        token.revoked_at = timezone.now()
        token.save()
    return token


def _create_target(world: World, model: str) -> Organization:
    """For "create": the organisation on whose behalf one would create."""
    return world.enterprise if model == "need" else world.university_a


MAKERS: dict[str, Callable[[World, str], Any]] = {
    "achievement": _achievement,
    "disclosure": _disclosure,
    "need": _need,
    "expert": _expert,
    "organization": _organization,
    "membership": _membership,
    "invitation": _invitation,
    "api_token": _api_token,
}


def make(world: World, model: str, state: str) -> Any:
    if state == "-":
        return _create_target(world, model)
    return MAKERS[model](world, state)
