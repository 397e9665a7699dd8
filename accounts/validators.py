"""Validation of the free text people type about themselves and their organisations."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Characters that reorder or hide text: they let "gpj.exe" display as "exe.jpg" and make two
# names look alike. Letters of right-to-left scripts (Arabic, Hebrew) are fine; these are not.
# The zero-width joiner (U+200D) stays allowed: emoji sequences and Indic scripts need it.
HIDDEN_FORMATTING = frozenset(
    "\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
)


def validate_visible_text(value: str) -> None:
    """No control characters, no direction overrides, and something visible to show."""
    if any(unicodedata.category(char) == "Cc" for char in value):
        raise ValidationError(
            _("Remove the control characters (such as line breaks or tabs) from this text."),
            code="control_characters",
        )
    if any(char in HIDDEN_FORMATTING for char in value):
        raise ValidationError(
            _("Remove the invisible formatting characters (such as text-direction overrides)."),
            code="hidden_formatting",
        )
    if value and not any(
        not char.isspace() and unicodedata.category(char) != "Cf" for char in value
    ):
        raise ValidationError(_("This text has nothing visible in it."), code="invisible")


def clean_name(value: str) -> str:
    """Canonical composition (NFC) and no surrounding spaces, so equal names compare equal."""
    return unicodedata.normalize("NFC", value).strip()
