"""What a notification can be about, and the ways a person can choose to hear about it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """A kind of notification; people choose how they hear about each kind."""

    MATCH = "match", _("New matches")
    SAVED_SEARCH = "saved-search", _("New results for saved searches")
    MODERATION = "moderation", _("Moderation results")
    REMINDER = "reminder", _("Listing reminders")
    INQUIRY = "inquiry", _("Inquiries and messages")
    ASSESSMENT = "assessment", _("Expert assessment requests")


class Delivery(models.TextChoices):
    """How a person hears about one kind of notification."""

    INSTANT = "instant", _("Email at once")
    DAILY = "daily", _("Daily digest email")
    WEEKLY = "weekly", _("Weekly digest email")
    IN_APP = "in-app", _("Inbox only, no email")
    OFF = "off", _("Off")


DIGEST_PERIODS = (Delivery.DAILY, Delivery.WEEKLY)
EMAIL_DELIVERIES = frozenset({Delivery.INSTANT, Delivery.DAILY, Delivery.WEEKLY})

# What someone who never opened the settings page gets: at once for things addressed to them
# personally, a digest for the stream of matches and search results.
DEFAULT_DELIVERY: dict[str, Delivery] = {
    Kind.MATCH: Delivery.DAILY,
    Kind.SAVED_SEARCH: Delivery.DAILY,
    Kind.MODERATION: Delivery.INSTANT,
    Kind.REMINDER: Delivery.WEEKLY,
    Kind.INQUIRY: Delivery.INSTANT,
    Kind.ASSESSMENT: Delivery.INSTANT,
}
