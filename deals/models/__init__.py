"""Deals app models: inquiries and their messages, document requests with NDAs, outcomes and
the view counters of the funnel."""

from deals.models.access import AccessRequest, Nda, NdaAcceptance
from deals.models.inquiries import Inquiry, Message
from deals.models.outcomes import PUBLIC_LABELS, ListingViewDay, Outcome

__all__ = [
    "PUBLIC_LABELS",
    "AccessRequest",
    "Inquiry",
    "ListingViewDay",
    "Message",
    "Nda",
    "NdaAcceptance",
    "Outcome",
]
