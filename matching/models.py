"""Models of the matching app: matches and their feedback, notifications.

Django discovers an app's models through this module, so each part's models are imported here.
"""

from matching.matches.models import Match, MatchFeedback
from matching.notifications.models import (
    EmailOptOut,
    Notification,
    NotificationPreference,
    OutboundEmail,
)
from matching.saved_searches.models import SavedSearch

__all__ = [
    "EmailOptOut",
    "Match",
    "MatchFeedback",
    "Notification",
    "NotificationPreference",
    "OutboundEmail",
    "SavedSearch",
]
