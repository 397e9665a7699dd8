"""Writes and state changes of the deals app, one module per entity.

Pages, API viewsets and tasks call these functions; each checks who may act with the grant
tables of deals.querysets, guards its state (a retry is harmless), records state changes in the
audit log and tells the other party through notify().
"""

from deals.services.access import (
    access_request_approve,
    access_request_create,
    access_request_decline,
    access_request_revoke,
    access_request_withdraw,
    current_nda,
    nda_accept,
    nda_acceptance_for,
    nda_publish,
    nda_retire,
)
from deals.services.inquiries import inquiry_close, inquiry_create, inquiry_reply, side_of
from deals.services.limits import DailyLimitReached
from deals.services.listing_views import listing_view_add, listing_view_record
from deals.services.outcomes import OutcomeData, outcome_record, outcome_update, outcome_withdraw

__all__ = [
    "DailyLimitReached",
    "OutcomeData",
    "access_request_approve",
    "access_request_create",
    "access_request_decline",
    "access_request_revoke",
    "access_request_withdraw",
    "current_nda",
    "inquiry_close",
    "inquiry_create",
    "inquiry_reply",
    "listing_view_add",
    "listing_view_record",
    "nda_accept",
    "nda_acceptance_for",
    "nda_publish",
    "nda_retire",
    "outcome_record",
    "outcome_update",
    "outcome_withdraw",
    "side_of",
]
