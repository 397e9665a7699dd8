"""The deals part of the demo world (manage.py seed_demo): a thread with an answer, an NDA in
force at Qiantang University and a document request waiting for it. Running it again changes
nothing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import Organization, User
from achievements.models import Achievement
from deals.models import AccessRequest, Inquiry, Message, Nda

NDA_TEXT = """双方同意：接收方对披露方提供的技术资料（包括但不限于图纸、工艺参数、测试数据）
承担保密义务，保密期限为自接收之日起五年；仅可用于评估技术许可或合作开发的可行性；
未经书面同意不得向第三方披露。

The recipient keeps the technical documents (drawings, process parameters, test data)
confidential for five years from receipt, uses them only to evaluate a licence or joint
development, and discloses them to no third party without written consent."""


def seed_deals_demo(organizations: dict[str, Organization], users: dict[str, User]) -> None:
    now = timezone.now()
    qiantang = organizations["qiantang-university"]
    listing = Achievement.objects.get(institution=qiantang, external_id="QT-2025-014")
    buyer, officer = users["buyer@oasis.example"], users["tto@qiantang.example"]
    inquiry, created = Inquiry.objects.get_or_create(
        achievement=listing,
        sender=buyer,
        subject="华东地区独占许可的条件",
        defaults={
            "organization": organizations["oasis-energy"],
            "status": Inquiry.Status.ANSWERED,
            "last_message_at": now - dt.timedelta(days=1),
        },
    )
    if created:
        Message.objects.create(
            inquiry=inquiry,
            author=buyer,
            side=Message.Side.REQUESTER,
            body="我们计划在宁波建设隔膜产线，想了解华东地区独占许可的条件和报价方式。",
            created_at=now - dt.timedelta(days=2),
        )
        Message.objects.create(
            inquiry=inquiry,
            author=officer,
            side=Message.Side.INSTITUTION,
            body="可以按省授予独占许可。请先申请技术资料，签署保密协议后我们发送测试报告。",
            created_at=now - dt.timedelta(days=1),
        )
    if not Nda.objects.filter(institution=qiantang).exists():
        Nda.objects.create(
            institution=qiantang,
            version=1,
            title="钱塘大学技术资料保密协议 / Qiantang University NDA",
            text=NDA_TEXT,
            created_by=officer,
        )
    AccessRequest.objects.get_or_create(
        achievement=listing,
        requester=users["rd@obsidian.example"],
        defaults={
            "organization": organizations["obsidian-medical"],
            "purpose": "Evaluating the separator for implantable device batteries.",
        },
    )
