"""What happens when the engine finds a pair for the first time.

The notifications part of the matching work fills this in (telling the people on each side,
through matching.notifications.services.notify). The engine calls it once per recomputation,
inside the transaction that wrote the rows, with exactly the rows that were inserted — never
the ones that were already there — so a notification commits together with its match.
"""

from __future__ import annotations

from matching.matches.models import Match


def on_new_matches(matches: list[Match]) -> None:
    """Called with the Match rows a recomputation created (sides select_related)."""
    return None
