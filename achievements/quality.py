"""The listing-quality check: a score out of 100 and concrete hints, shown before submitting.

It advises; it never blocks. Each check names what a buyer would miss and what to add.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from achievements.models import Achievement
from portal.vocabulary import IPStatus

# A number with a unit of improvement: "30%", "3 times", "3×", "2倍", "降低40%", "99.9 %".
QUANTIFIED = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:%|％|×|x\b|倍|times\b|fold\b|percent\b|个百分点)", re.IGNORECASE
)
MIN_SUMMARY_ZH = 80  # characters: about two sentences of Chinese
MIN_SUMMARY_EN = 200  # characters: about three sentences of English


@dataclass(frozen=True)
class Hint:
    code: str
    weight: int
    message: str | Promise


@dataclass
class Quality:
    score: int
    hints: list[Hint] = field(default_factory=list)

    @property
    def level(self) -> str:
        return "good" if self.score >= 80 else "fair" if self.score >= 50 else "poor"


def _summary_too_short(listing: Any) -> bool:
    zh, en = listing.summary_zh.strip(), listing.summary_en.strip()
    return not (len(zh) >= MIN_SUMMARY_ZH or len(en) >= MIN_SUMMARY_EN)


def assess(
    listing: Achievement,
    *,
    patents: list[dict[str, str]] | None = None,
    field_count: int | None = None,
) -> Quality:
    """Check a listing (or a listing with a revision's values applied to a copy of it)."""
    if patents is None:
        patents = [{"number": p.number} for p in listing.patents.all()] if listing.pk else []
    if field_count is None:
        field_count = listing.fields.count() if listing.pk else 0
    text = " ".join([listing.summary_zh, listing.summary_en, listing.description])
    checks = [
        (not listing.trl, Hint("trl", 15, _("Give the technology readiness level (TRL)."))),
        (
            field_count == 0,
            Hint("field", 15, _("Choose at least one field so buyers can find the listing.")),
        ),
        (
            _summary_too_short(listing),
            Hint(
                "summary_short",
                15,
                _(
                    "The summary is short: aim for at least %(zh)d Chinese characters or "
                    "%(en)d characters of English on what it does and for whom."
                )
                % {"zh": MIN_SUMMARY_ZH, "en": MIN_SUMMARY_EN},
            ),
        ),
        (
            listing.ip_status in {IPStatus.PATENTED, IPStatus.PATENT_PENDING}
            and not any(p.get("number") for p in patents),
            Hint(
                "patent_numbers",
                15,
                _("The IP status says patented or pending, but no patent number is given."),
            ),
        ),
        (
            not QUANTIFIED.search(text),
            Hint(
                "quantified",
                10,
                _(
                    "Quantify the advantage (for example “a third cheaper” or “3 times faster”) "
                    "in the summary or description."
                ),
            ),
        ),
        (
            not listing.transfer_modes,
            Hint("transfer_modes", 10, _("Say how the technology can be transferred.")),
        ),
        (
            len(listing.keywords) < 3,
            Hint("keywords", 5, _("Add at least three keywords.")),
        ),
        (
            not listing.description.strip(),
            Hint("description", 5, _("Add a description of the technology and its uses.")),
        ),
        (
            not (listing.contact_email or listing.contact_phone),
            Hint("contact", 5, _("Give a contact email or phone number.")),
        ),
        (
            not (listing.title_zh and listing.title_en),
            Hint(
                "bilingual",
                5,
                _("Give the title in both Chinese and English to reach more buyers."),
            ),
        ),
    ]
    hints = [hint for failed, hint in checks if failed]
    return Quality(score=100 - sum(h.weight for h in hints), hints=hints)
