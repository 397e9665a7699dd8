"""The demo world's needs in every state of their lifecycle, made through the services.

Each is looked up by (organisation, title) first: a second seed_demo finds them and changes
nothing, so the history pages show one story each.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from accounts.models import Organization, User
from needs import services
from needs.models import Need

S = Need.Status

# title → (organisation, the states to walk through, the moderator's reason)
LIFECYCLE: list[dict[str, Any]] = [
    {
        "organization": "oasis-energy",
        "title": "氢燃料电池双极板低成本涂层（草稿）",
        "description": "寻求不锈钢双极板的耐腐蚀导电涂层，目标成本每片低于 5 元。",
        "steps": [],
    },
    {
        "organization": "oasis-energy",
        "title": "Battery state-of-health estimation for second-life packs",
        "description": "We repurpose EV packs for storage and need a method to grade modules "
        "by remaining capacity in under ten minutes per module.",
        "steps": ["submit"],
    },
    {
        "organization": "obsidian-medical",
        "title": "Low-cost ultrasound probe for point-of-care scanning",
        "description": "A handheld probe design we can license.",
        "steps": ["submit", "request_changes"],
        "reason": "Please say which frequency range and image depth you need.",
    },
    {
        "organization": "obsidian-medical",
        "title": "医用级硅胶导管抗菌涂层",
        "description": "寻求可用于导尿管的长效抗菌涂层技术，已完成合作。",
        "steps": ["submit", "approve", "fulfil"],
        "reason": "描述清楚。",
    },
    {
        "organization": "oasis-energy",
        "title": "风电叶片前缘防护涂料",
        "description": "寻求风电叶片前缘抗雨蚀涂料，需求已取消。",
        "steps": ["submit", "approve", "close"],
        "reason": "描述清楚。",
    },
    {
        "organization": "obsidian-medical",
        "title": "Sterilisation indicator ink for low-temperature plasma",
        "description": "An ink that changes colour after hydrogen-peroxide plasma cycles.",
        "steps": ["submit", "approve", "expire"],
        "reason": "Clear.",
    },
]


def seed_needs_demo(organizations: dict[str, Organization], users: dict[str, User]) -> int:
    moderator = users["moderator@keqiao.example"]
    owners = {
        "oasis-energy": users["buyer@oasis.example"],
        "obsidian-medical": users["rd@obsidian.example"],
    }
    created = 0
    for spec in LIFECYCLE:
        organization = organizations[spec["organization"]]
        if Need.objects.filter(organization=organization, title=spec["title"]).exists():
            continue
        owner = owners[spec["organization"]]
        need = services.need_save(
            actor=owner,
            organization=organization,
            values={
                "title": spec["title"],
                "description": spec["description"],
                "deadline": timezone.localdate() + dt.timedelta(days=45),
            },
        )
        reason = spec.get("reason", "")
        for step in spec["steps"]:
            if step == "submit":
                need = services.need_submit(actor=owner, need=need)
            elif step == "approve":
                need = services.need_approve(actor=moderator, target=need, reason=reason)
            elif step == "request_changes":
                need = services.need_request_changes(actor=moderator, target=need, reason=reason)
            elif step == "close":
                need = services.need_close(actor=owner, need=need, reason="不再需要。")
            elif step == "fulfil":
                need = services.need_mark_fulfilled(actor=owner, need=need)
            elif step == "expire":  # as if the deadline had passed: the task's own service
                Need.objects.filter(pk=need.pk).update(
                    deadline=timezone.localdate() - dt.timedelta(days=1)
                )
                services.need_expire(need=need)
        created += 1
    return created
