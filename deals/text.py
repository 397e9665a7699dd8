"""What people may type into inquiries, requests and reasons: plain text, limited in length.

Message text is stored as typed and escaped when rendered (templates autoescape, the API returns
it as a JSON string), so markup is shown, never run. What cannot be stored or shown honestly is
refused here: NUL and other control characters (line breaks and tabs are fine), characters that
reorder text, and text with nothing visible in it.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.validators import HIDDEN_FORMATTING

SUBJECT_MAX_LENGTH = 200
MESSAGE_MAX_LENGTH = 5000
PURPOSE_MAX_LENGTH = 2000
REASON_MAX_LENGTH = 1000
NDA_MAX_LENGTH = 50000

ALLOWED_CONTROL = frozenset("\n\r\t")


def validate_message_text(value: str) -> None:
    """Several lines of plain text: no other control characters, something visible."""
    if any(unicodedata.category(c) == "Cc" and c not in ALLOWED_CONTROL for c in value):
        raise ValidationError(
            _("Remove the control characters from this text."), code="control_characters"
        )
    if any(char in HIDDEN_FORMATTING for char in value):
        raise ValidationError(
            _("Remove the invisible formatting characters (such as text-direction overrides)."),
            code="hidden_formatting",
        )
    if value and not any(not c.isspace() and unicodedata.category(c) != "Cf" for c in value):
        raise ValidationError(_("This text has nothing visible in it."), code="invisible")


def clean_text(value: str) -> str:
    """Canonical composition, Windows line ends made plain, no surrounding blank space."""
    return unicodedata.normalize("NFC", value).replace("\r\n", "\n").strip()
