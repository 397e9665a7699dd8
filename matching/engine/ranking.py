"""Ranking: the best targets of one kind for one source listing, each with its score parts."""

from __future__ import annotations

from dataclasses import dataclass

from matching.engine import weights
from matching.engine.feedback import penalties_for
from matching.engine.parts import pair_parts
from matching.engine.profiles import Profile, load
from portal import search

# Registered-only expert profiles take part: matches are shown to signed-in members only,
# and Match.objects.visible_to() hides a pair whose other side the viewer may not see.
AUDIENCE = {"achievement": 0, "need": 0, "expert": 1}


@dataclass(frozen=True)
class Scored:
    target_id: int
    score: float
    parts: dict[str, float]


def text_part(similarity: float) -> float:
    return round(weights.TEXT * min(1.0, similarity * weights.TEXT_SCALE), 4)


def rank(
    source: Profile,
    target: str,
    *,
    limit: int = weights.TOP_N,
    candidates: int = weights.CANDIDATES,
    min_score: float = weights.MIN_SCORE,
) -> list[Scored]:
    """Score the text candidates of `source` among public `target` listings; best first."""
    similar = search.similar(
        source.kind,
        source.id,
        target=target,
        limit=max(candidates, limit),
        audience=AUDIENCE[target],
    )
    if not similar:
        return []
    profiles = load(target, [s.object_id for s in similar])
    penalties = penalties_for(source, target)
    words = search.title_terms(target, profiles) if penalties.irrelevant_words else {}
    scored = []
    for hit in similar:
        other = profiles.get(hit.object_id)
        if other is None:
            continue  # deleted since the index was read
        parts = {"text": text_part(hit.score), **pair_parts(source, other)}
        if penalties:
            penalty = penalties.penalty(other, words.get(other.id, set()))
            if penalty:
                parts["feedback"] = penalty
        parts = {name: round(value, 4) for name, value in parts.items()}
        score = round(sum(parts.values()), 4)
        if score >= min_score:
            scored.append(Scored(other.id, score, parts))
    scored.sort(key=lambda s: (-s.score, s.target_id))
    return scored[:limit]
