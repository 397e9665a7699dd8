"""A small world of matches for the matches tests: a need of Enterprise C and a listing of
University A that share a field, match each other and are both published."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import Organization, User
from achievements.models import Achievement
from achievements.tests.factories import AchievementFactory
from experts.models import Expert
from experts.tests.factories import ExpertFactory
from matching.matches.models import Match
from matching.tests.factories import MatchFactory
from needs.models import Need
from needs.tests.factories import NeedFactory
from portal.models import Field

PARTS = {"text": 0.3, "fields": 0.25, "trl": 0.15, "mode": 0.05, "region": 0.05}


@dataclass
class Matches:
    need: Need
    listing: Achievement
    expert: Expert
    need_listing: Match
    need_expert: Match
    listing_expert: Match


def build(enterprise: Organization, university_a: Organization, tto_a: User) -> Matches:
    materials = Field.objects.get(code="2.5")
    chemistry = Field.objects.get(code="1.4")
    need = NeedFactory.create(
        organization=enterprise,
        title="Fire-safe separator for storage batteries",
        trl_min=5,
        trl_max=7,
        region="zhejiang",
        cooperation_modes=["exclusive-licence", "joint-development"],
    )
    need.fields.set([materials, chemistry])
    listing = AchievementFactory.create(
        institution=university_a,
        created_by=tto_a,
        title_en="Ceramic-coated separator",
        title_zh="陶瓷涂层隔膜",
        trl=6,
        transfer_modes=["exclusive-licence"],
    )
    listing.fields.set([materials])
    expert = ExpertFactory.create(name_en="Dr. Lin Wei", name_zh="林伟", visibility="public")
    expert.fields.set([materials])
    return Matches(
        need=need,
        listing=listing,
        expert=expert,
        need_listing=MatchFactory.create(need=need, achievement=listing, parts=dict(PARTS)),
        need_expert=MatchFactory.create(
            kind=Match.Kind.NEED_EXPERT, need=need, expert=expert, parts={"fields": 0.4}
        ),
        listing_expert=MatchFactory.create(
            kind=Match.Kind.ACHIEVEMENT_EXPERT,
            achievement=listing,
            expert=expert,
            parts={"fields": 0.3, "text": 0.1},
        ),
    )
