"""The expert pool part of the demo world (manage.py seed_demo).

Qiantang University's TTO asked two experts to assess its solid-electrolyte separator listing:
Sun Haitao (who has a login) submitted his assessment and the TTO published it; the request to
He Wenjing (kept by the TTO) is open. Running it again changes nothing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import Organization, User
from achievements.models import Achievement
from experts.models import Assessment, Expert

ASSESSMENT_TEXT = """**总体评价 / Overall**：工艺路线清晰，原料成本优势明显。

- 中试验证已完成，建议下一步开展千吨级产线的一致性评估。
- Pilot results are consistent; the next step is a consistency study on a production line.
"""


def seed_experts_demo(organizations: dict[str, Organization], users: dict[str, User]) -> None:
    now = timezone.now()
    qiantang = organizations["qiantang-university"]
    listing = Achievement.objects.get(institution=qiantang, external_id="QT-2025-014")
    officer = users["tto@qiantang.example"]
    sun = Expert.objects.get(user=users["expert@keqiao.example"])
    Assessment.objects.update_or_create(
        achievement=listing,
        expert=sun,
        defaults={
            "requested_by": officer,
            "status": Assessment.Status.SUBMITTED,
            "trl": 6,
            "maturity_notes": "中试线已稳定运行三个月 / Pilot line stable for three months.",
            "market_potential": Assessment.MarketPotential.HIGH,
            "risks": "原料批次差异；规模化后首效可能下降。/ Feedstock variation at scale.",
            "recommendation": Assessment.Recommendation.TRANSFER,
            "text": ASSESSMENT_TEXT,
            "submitted_at": now - dt.timedelta(days=1),
            "submitted_by": sun.user,
            "published": True,
            "published_at": now - dt.timedelta(hours=12),
        },
    )
    kept = Expert.objects.filter(managed_by=qiantang, name_en="He Wenjing").first()
    if kept is not None:
        Assessment.objects.get_or_create(
            achievement=listing, expert=kept, defaults={"requested_by": officer}
        )
