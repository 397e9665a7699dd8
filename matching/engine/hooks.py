"""What happens when the engine finds a pair for the first time.

The people on each side are told (matching/matches/notify.py, through
matching.notifications.services.notify). The engine calls it once per recomputation,
inside the transaction that wrote the rows, with exactly the rows that were inserted — never
the ones that were already there — so a notification commits together with its match.
"""

from __future__ import annotations

from matching.matches.models import Match
from matching.matches.notify import notify_new_matches


def on_new_matches(matches: list[Match]) -> None:
    """Called with the Match rows a recomputation created (sides select_related)."""
    notify_new_matches(matches)
