"""The match engine: needs ↔ achievements ↔ experts, scored in named parts (docs/matching.md).

    schedule_if_matchable(instance)       # writers, after a state or content change
    match_listing(kind=…, object_id=…)    # the tasks: recompute one listing's matches
    rank(profile, target)                 # the ranking alone (benchmarks)
    on_new_matches(matches)               # hook: pairs found for the first time

Imports are deferred, so that moderation.workflow can import this package cheaply.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matching.engine.hooks import on_new_matches
    from matching.engine.ranking import rank
    from matching.engine.scheduling import schedule_if_matchable
    from matching.engine.services import match_listing, rematch_all

__all__ = ["match_listing", "on_new_matches", "rank", "rematch_all", "schedule_if_matchable"]

_HOMES = {
    "on_new_matches": "hooks",
    "rank": "ranking",
    "schedule_if_matchable": "scheduling",
    "match_listing": "services",
    "rematch_all": "services",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        from importlib import import_module

        return getattr(import_module(f"matching.engine.{_HOMES[name]}"), name)
    raise AttributeError(name)
