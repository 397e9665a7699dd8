"""What a notification says besides its title: a sentence or two from a per-kind template.

A kind may provide `templates/email/notification_messages/<kind>.txt` (and `<kind>_subject.txt`
for the subject of its instant email). They are rendered with the notification's payload and
the target's title, in the reader's language, when the email is rendered or the inbox is shown,
so one stored payload serves both languages. Kinds without templates show the payload's summary.
"""

from __future__ import annotations

from typing import Any

from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string

DIRECTORY = "email/notification_messages"


def _render(name: str, context: dict[str, Any]) -> str:
    try:
        return render_to_string(f"{DIRECTORY}/{name}.txt", context).strip()
    except TemplateDoesNotExist:
        return ""


def message_for(*, kind: str, payload: dict[str, Any], title: str) -> str:
    """The notification's message in the active language ("" when the kind has none)."""
    return _render(kind, {**payload, "title": title})


def subject_for(*, kind: str, payload: dict[str, Any], title: str) -> str:
    """The subject of the kind's instant email ("" for the general one)."""
    return " ".join(_render(f"{kind}_subject", {**payload, "title": title}).split())
