"""Every weight of the match score, in one place (docs/matching.md explains them).

A score is the sum of named parts; each part's maximum is its weight below, so a perfect
text match with the same field, a TRL inside the wanted range, a shared transfer mode and the
same region scores 1.0, and feedback can only take away.
"""

from __future__ import annotations

ENGINE_VERSION = 1

TEXT = 0.60  # × text similarity (portal.search.similar, 0..1, scaled by TEXT_SCALE)
# similar() divides BM25 by the query's ideal score; a strong real match reaches about a
# third of it, so a third counts as full marks.
TEXT_SCALE = 3.0
FIELD_SAME = 0.20  # a field of one side is a field of the other
FIELD_PARENT = 0.10  # only the parent field is shared (siblings, or a field and its parent)
TRL_INSIDE = 0.10  # the achievement's TRL lies in the need's wanted range
TRL_STEP = 0.05  # lost per level outside the range (so one level off keeps half)
MODE = 0.05  # a transfer mode of the achievement is a cooperation mode of the need
REGION = 0.05  # same region

# Feedback from dismissals by the source side's organisation (always ≤ 0).
FEEDBACK_ALREADY_KNOWN = -1.0  # the same item, dismissed as already known
FEEDBACK_WRONG_FIELD = -0.15  # shares a field of an item dismissed as the wrong field
FEEDBACK_TOO_EARLY = -0.10  # TRL at or below that of an achievement dismissed as too early
FEEDBACK_NOT_RELEVANT = -0.20  # × share of its title words found in not-relevant dismissals
FEEDBACK_FLOOR = -1.0

TOP_N = 50  # matches kept per source and target kind
MIN_SCORE = 0.10  # pairs scoring less are not stored
CANDIDATES = 200  # text candidates scored per source and target kind
