"""What a notification is about: who may see it, and what of it may be shown where.

Visibility is decided where it always is, by the target model's ``visible_to(user)``
queryset method; a model without one cannot be the target of a notification. Confidential
models (invention disclosures) may be notified about, but their titles never go into an
email: the email names the kind of thing and links to the portal, where the page checks
visibility again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext as _

from accounts.roles import AnyUser

# "app_label.model_name" of models whose content must never leave the portal by email. A model
# can also say so itself with a class attribute ``notifications_confidential = True``.
CONFIDENTIAL_MODELS = frozenset({"achievements.disclosure"})


class NotificationNotAllowed(ValueError):
    """The recipient may not see what the notification would be about."""


def _visible_queryset(model: type[models.Model], user: AnyUser) -> models.QuerySet[Any]:
    queryset = model._default_manager.all()
    visible_to = getattr(queryset, "visible_to", None)
    if visible_to is None:
        raise TypeError(
            f"{model._meta.label} has no visible_to(user) queryset method, so nobody can "
            "decide who may hear about it; add one before notifying about it."
        )
    result: models.QuerySet[Any] = visible_to(user)
    return result


def is_visible(*, user: AnyUser, target: models.Model) -> bool:
    return _visible_queryset(type(target), user).filter(pk=target.pk).exists()


def visible_keys(*, user: AnyUser, keys: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    """Which (content_type_id, object_id) pairs the user may see: one query per model."""
    by_type: dict[int, list[int]] = defaultdict(list)
    for content_type_id, object_id in keys:
        by_type[content_type_id].append(object_id)
    visible: set[tuple[int, int]] = set()
    for content_type_id, object_ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:  # the model was removed: nothing of it is visible any more
            continue
        found = (
            _visible_queryset(model, user).filter(pk__in=object_ids).values_list("pk", flat=True)
        )
        visible.update((content_type_id, pk) for pk in found)
    return visible


def is_confidential(model: type[models.Model] | None) -> bool:
    if model is None:
        return True  # unknown: assume the worst
    return model._meta.label_lower in CONFIDENTIAL_MODELS or bool(
        getattr(model, "notifications_confidential", False)
    )


def payload_for(target: models.Model) -> dict[str, str]:
    """A rendering payload built from the target's usual title attributes.

    Callers may pass their own payload to notify(); this is the common case for listings,
    needs and experts (title_zh/title_en, title, or name_zh/name_en).
    """
    payload: dict[str, str] = {}
    for source, key in (
        ("title_zh", "title_zh"),
        ("title_en", "title_en"),
        ("name_zh", "title_zh"),
        ("name_en", "title_en"),
        ("title", "title"),
    ):
        value = getattr(target, source, None)
        if isinstance(value, str) and value and key not in payload:
            payload[key] = value
    absolute_url = getattr(target, "get_absolute_url", None)
    if callable(absolute_url):
        payload["url"] = str(absolute_url())
    return payload


def text_in(payload: dict[str, Any], key: str, language: str) -> str:
    """payload[key] in the reader's language (key_zh / key_en), else whichever exists."""
    zh, en, plain = (str(payload.get(name) or "") for name in (f"{key}_zh", f"{key}_en", key))
    if language.lower().startswith("zh"):
        return zh or plain or en
    return en or plain or zh


def email_title(*, model: type[models.Model] | None, payload: dict[str, Any], language: str) -> str:
    """What an email may say about a target: its title, or only its kind if confidential."""
    if is_confidential(model):
        if model is not None:
            return _("A confidential %(thing)s (open the portal to see it)") % {
                "thing": model._meta.verbose_name
            }
        return _("Something that is no longer available")
    return text_in(payload, "title", language) or _("(untitled)")
