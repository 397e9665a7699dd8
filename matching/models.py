"""Models of the matching app. The match engine's models arrive with it; notifications are here.

Django discovers an app's models through this module, so each part's models are imported here.
"""

from matching.notifications.models import (
    EmailOptOut,
    Notification,
    NotificationPreference,
    OutboundEmail,
)
from matching.saved_searches.models import SavedSearch

__all__ = ["EmailOptOut", "Notification", "NotificationPreference", "OutboundEmail", "SavedSearch"]
