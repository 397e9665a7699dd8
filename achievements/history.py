"""Readable names for audit-log actions and states on history pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from achievements.models import Achievement, AchievementRevision, Disclosure, ImportJob
from moderation.models import AbuseReport
from needs.models import Need

ACTIONS = {
    "create": _("Created"),
    "create_from_disclosure": _("Created from a disclosure"),
    "submit": _("Submitted"),
    "start_review": _("Review started"),
    "accept": _("Accepted"),
    "decline": _("Declined"),
    "convert": _("Converted to a listing"),
    "approve": _("Approved"),
    "request_changes": _("Changes requested"),
    "reject": _("Rejected"),
    "withdraw": _("Withdrawn by the owner"),
    "take_down": _("Taken down by a moderator"),
    "archive_stale": _("Archived: not confirmed as current"),
    "confirm_current": _("Confirmed as current"),
    "revision_create": _("Changes saved for review"),
    "revision_edit": _("Pending changes edited"),
    "revision_submit": _("Changes sent for review"),
    "revision_approve": _("Changes approved and published"),
    "revision_request_changes": _("Further changes requested"),
    "revision_reject": _("Changes rejected"),
    "revision_discarded": _("Pending changes discarded"),
    "import_create": _("Created by bulk import"),
    "import_update": _("Updated by bulk import"),
    "import_upload": _("File uploaded"),
    "import_check": _("File checked"),
    "import_confirm": _("Import confirmed"),
    "import_cancel": _("Import cancelled"),
    "import_done": _("Import finished"),
    "import_failed": _("Import failed"),
    # technology needs (needs/services.py)
    "edit": _("Edited"),
    "edit_review": _("Edited while published: sent back for review"),
    "withdraw_to_draft": _("Withdrawn to draft"),
    "close": _("Closed by the owner"),
    "fulfil": _("Marked as fulfilled"),
    "expire": _("Expired: the deadline passed"),
    "report": _("Reported"),
    "resolve_report": _("Report resolved"),
}


def action_label(action: str) -> str:
    return str(ACTIONS.get(action, action))


def state_label(state: str) -> str:
    if not state:
        return ""
    return _state_labels().get(state, state)


def _state_labels() -> dict[str, str]:
    # Built per call so the labels follow the active language.
    labels: dict[str, str] = {}
    for choices in (
        Need.Status,
        AbuseReport.Status,
        ImportJob.Status,
        AchievementRevision.Status,
        Disclosure.Status,
        Achievement.Status,
    ):
        labels.update({value: str(label) for value, label in choices.choices})
    return labels
