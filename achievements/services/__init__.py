"""Writes and state changes for achievements and disclosures, one module per entity.

Views, API viewsets and tasks call these functions; each checks who may act, guards its state
(a retry is harmless) and records state changes in the audit log.
"""

from achievements.services.disclosures import (
    InventorData as DisclosureInventorData,
)
from achievements.services.disclosures import (
    PriorDisclosureData,
    disclosure_accept,
    disclosure_convert,
    disclosure_decline,
    disclosure_save,
    disclosure_start_review,
    disclosure_submit,
)
from achievements.services.files import (
    achievement_file_add,
    achievement_file_delete,
    disclosure_attachment_add,
)
from achievements.services.freshness import (
    achievement_freshness_archive,
    achievement_freshness_remind,
)
from achievements.services.listings import (
    InventorData,
    achievement_confirm_current,
    achievement_save,
    achievement_submit,
    achievement_withdraw,
    revision_discard,
)
from achievements.services.moderation import (
    achievement_approve,
    achievement_reject,
    achievement_request_changes,
    achievement_take_down,
)

__all__ = [
    "DisclosureInventorData",
    "InventorData",
    "PriorDisclosureData",
    "achievement_approve",
    "achievement_confirm_current",
    "achievement_file_add",
    "achievement_file_delete",
    "achievement_freshness_archive",
    "achievement_freshness_remind",
    "achievement_reject",
    "achievement_request_changes",
    "achievement_save",
    "achievement_submit",
    "achievement_take_down",
    "achievement_withdraw",
    "disclosure_accept",
    "disclosure_attachment_add",
    "disclosure_convert",
    "disclosure_decline",
    "disclosure_save",
    "disclosure_start_review",
    "disclosure_submit",
    "revision_discard",
]
