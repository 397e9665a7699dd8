"""A person's choices: how they hear about each kind of notification, or no email at all.

Reads (delivery_for, preferences_of) and writes (preference_set, email_opt_out_set) in one
small module, because the settings page, the unsubscribe link and the API all use both.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from accounts.models import User
from matching.notifications.models import EmailOptOut, NotificationPreference
from matching.notifications.vocabulary import DEFAULT_DELIVERY, EMAIL_DELIVERIES, Delivery, Kind


@dataclass(frozen=True)
class Preferences:
    """Everything the settings page shows: the choice per kind and the all-email switch."""

    by_kind: dict[str, Delivery]
    email_opt_out: bool

    def email_wanted(self, kind: str) -> bool:
        return not self.email_opt_out and self.by_kind[kind] in EMAIL_DELIVERIES


def preferences_of(user: User) -> Preferences:
    """The person's choice for every kind (defaults filled in), in two indexed queries."""
    stored = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    by_kind = {
        kind: Delivery(stored[kind]) if kind in stored else DEFAULT_DELIVERY[kind]
        for kind in Kind.values
    }
    return Preferences(
        by_kind=by_kind, email_opt_out=EmailOptOut.objects.filter(user=user).exists()
    )


def delivery_for(*, user: User, kind: str) -> Delivery:
    """How this person hears about this kind now; the all-email opt-out turns email into inbox."""
    stored = (
        NotificationPreference.objects.filter(user=user, kind=kind)
        .values_list("delivery", flat=True)
        .first()
    )
    delivery = Delivery(stored) if stored else DEFAULT_DELIVERY[Kind(kind)]
    if delivery in EMAIL_DELIVERIES and EmailOptOut.objects.filter(user=user).exists():
        return Delivery.IN_APP
    return delivery


def preference_set(*, user: User, kind: str, delivery: str) -> NotificationPreference:
    """Choose how to hear about one kind. Unknown kinds or deliveries are a ValueError."""
    preference, _ = NotificationPreference.objects.update_or_create(
        user=user, kind=Kind(kind), defaults={"delivery": Delivery(delivery)}
    )
    return preference


@transaction.atomic
def preferences_set(*, user: User, by_kind: dict[str, str], email_opt_out: bool) -> Preferences:
    """Save the whole settings page at once."""
    for kind, delivery in by_kind.items():
        preference_set(user=user, kind=kind, delivery=delivery)
    email_opt_out_set(user=user, opted_out=email_opt_out)
    return preferences_of(user)


def email_opt_out_set(*, user: User, opted_out: bool) -> None:
    """Turn every notification email off (the inbox keeps everything), or back on."""
    if opted_out:
        EmailOptOut.objects.get_or_create(user=user)
    else:
        EmailOptOut.objects.filter(user=user).delete()


def unsubscribe_from_kind(*, user: User, kind: str) -> None:
    """The one-click unsubscribe for one kind: stop the email, keep it in the inbox.

    A kind already switched off entirely stays off.
    """
    if preferences_of(user).by_kind[Kind(kind)] in EMAIL_DELIVERIES:
        preference_set(user=user, kind=kind, delivery=Delivery.IN_APP)
