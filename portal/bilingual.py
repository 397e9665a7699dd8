"""Picking the Chinese or English variant of a bilingual text for the active language."""

from django.utils.translation import get_language


def prefers_chinese() -> bool:
    return (get_language() or "en").lower().startswith("zh")


def pick(zh: str, en: str) -> str:
    """The variant in the reader's language, else whichever variant exists."""
    first, second = (zh, en) if prefers_chinese() else (en, zh)
    return first or second
