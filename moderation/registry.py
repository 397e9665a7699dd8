"""What the moderation queue knows about each kind of reviewed content.

A kind registers once (in its AppConfig.ready) with the functions that read its queue and
carry out decisions. The queue, the decision form, abuse reports and the owner's email are
written once, here in moderation/, for every kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import models
from django.utils.functional import Promise

from accounts.models import User
from accounts.roles import AnyUser


class DecisionService(Protocol):
    def __call__(self, *, actor: User, target: Any, reason: str) -> Any: ...


@dataclass(frozen=True)
class ModeratedType:
    key: str  # stable slug used in URLs and filters, e.g. "achievement"
    label: str | Promise
    model: type[models.Model]
    # Items waiting for this moderator, annotated with "queued_at" (when they entered the queue).
    awaiting_review: Callable[[AnyUser], models.QuerySet[Any]]
    organization_field: str  # the owning organisation's FK, for the institution filter
    approve: DecisionService
    request_changes: DecisionService
    reject: DecisionService
    take_down: DecisionService  # an upheld abuse report removes the item from public view
    visible_to: Callable[[AnyUser], models.QuerySet[Any]]  # who may see (and so report) it
    detail_url: Callable[[Any], str]
    owners: Callable[[Any], list[User]]  # who is told about decisions
    title: Callable[[Any], str] = str
    is_revision: Callable[[Any], bool] = lambda obj: False
    # Extra template shown on the review page (e.g. the listing's quality check and the
    # changes waiting for review) and the context it needs.
    review_template: str = ""
    review_context: Callable[[Any], dict[str, Any]] = lambda obj: {}


_registry: dict[str, ModeratedType] = {}


def register(moderated: ModeratedType) -> None:
    _registry[moderated.key] = moderated


def get(key: str) -> ModeratedType:
    return _registry[key]


def for_model(model: type[models.Model]) -> ModeratedType | None:
    return next((t for t in _registry.values() if t.model is model), None)


def all_types() -> list[ModeratedType]:
    return list(_registry.values())
