"""A small, believable demo world for trying the portal (manage.py seed_demo).

Every organisation and person here is fictional. Running it again updates the same rows
(keyed by slug, email and external id) instead of adding more.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.models import MODERATORS_GROUP, Membership, Organization, User
from achievements.models import Achievement, Disclosure, DisclosureInventor, Patent
from experts.models import Expert
from needs.models import Need
from portal.models import Field

DEMO_PASSWORD = "keqiao-demo-2026"  # noqa: S105 - documented demo password, refused in production

ORGANIZATIONS: list[dict[str, Any]] = [
    {
        "slug": "qiantang-university",
        "kind": Organization.Kind.UNIVERSITY,
        "name_zh": "钱塘大学",
        "name_en": "Qiantang University",
        "region": "zhejiang",
        "verified": True,
        "website": "https://qiantang.example",
    },
    {
        "slug": "jinghua-tech",
        "kind": Organization.Kind.UNIVERSITY,
        "name_zh": "京华理工大学",
        "name_en": "Jinghua Institute of Technology",
        "region": "beijing",
        "verified": True,
        "website": "https://jinghua.example",
    },
    {
        "slug": "nanhai-materials",
        "kind": Organization.Kind.RESEARCH_INSTITUTE,
        "name_zh": "南海先进材料研究院",
        "name_en": "Nanhai Institute of Advanced Materials",
        "region": "guangdong",
        "verified": False,
    },
    {
        "slug": "oasis-energy",
        "kind": Organization.Kind.ENTERPRISE,
        "name_zh": "绿洲新能源科技有限公司",
        "name_en": "Oasis New Energy Technology Co., Ltd.",
        "region": "jiangsu",
        "verified": True,
    },
    {
        "slug": "obsidian-medical",
        "kind": Organization.Kind.ENTERPRISE,
        "name_zh": "曜石医疗器械有限公司",
        "name_en": "Obsidian Medical Devices Co., Ltd.",
        "region": "shanghai",
        "verified": True,
    },
]


@dataclass(frozen=True)
class DemoLogin:
    email: str
    display_name: str
    language: str
    organization: str | None = None
    role: str | None = None
    moderator: bool = False
    admin: bool = False
    what: str = ""


LOGINS: list[DemoLogin] = [
    DemoLogin(
        "tto@qiantang.example",
        "王丽",
        "zh-hans",
        "qiantang-university",
        Membership.Role.TTO_OFFICER,
        what="TTO officer, Qiantang University",
    ),
    DemoLogin(
        "manager@qiantang.example",
        "陈建国",
        "zh-hans",
        "qiantang-university",
        Membership.Role.TTO_MANAGER,
        what="TTO manager, Qiantang University",
    ),
    DemoLogin(
        "researcher@qiantang.example",
        "刘洋",
        "zh-hans",
        "qiantang-university",
        Membership.Role.RESEARCHER,
        what="researcher, Qiantang University",
    ),
    DemoLogin(
        "tto@jinghua.example",
        "Zhao Min",
        "en",
        "jinghua-tech",
        Membership.Role.TTO_OFFICER,
        what="TTO officer, Jinghua Institute of Technology",
    ),
    DemoLogin(
        "buyer@oasis.example",
        "周强",
        "zh-hans",
        "oasis-energy",
        Membership.Role.MANAGER,
        what="enterprise manager, Oasis New Energy",
    ),
    DemoLogin(
        "rd@obsidian.example",
        "Grace Lin",
        "en",
        "obsidian-medical",
        Membership.Role.MEMBER,
        what="enterprise member, Obsidian Medical",
    ),
    DemoLogin("expert@keqiao.example", "孙海涛", "zh-hans", what="expert with a profile"),
    DemoLogin(
        "moderator@keqiao.example", "Keqiao Moderator", "en", moderator=True, what="moderator"
    ),
    DemoLogin("admin@keqiao.example", "Keqiao Admin", "en", admin=True, what="administrator"),
]

ACHIEVEMENTS: list[dict[str, Any]] = [
    {
        "external_id": "QT-2025-014",
        "institution": "qiantang-university",
        "title_zh": "高安全性固态锂电池复合电解质隔膜",
        "title_en": "Composite solid-electrolyte separator for safer lithium batteries",
        "summary_zh": "一种聚合物/陶瓷复合电解质隔膜，室温离子电导率达 1.2 mS/cm，"
        "针刺试验不起火，可直接用于现有卷绕产线，适用于动力电池和储能电池。",
        "summary_en": "A polymer/ceramic composite electrolyte separator with 1.2 mS/cm ionic "
        "conductivity at room temperature. Cells pass nail penetration without fire and can be "
        "made on existing winding lines; suited to EV and storage batteries.",
        "keywords": ["固态电池", "隔膜", "solid-state battery", "separator"],
        "fields": ["2.5", "1.4"],
        "trl": 6,
        "development_stage": "pilot",
        "ip_status": "patented",
        "transfer_modes": ["exclusive-licence", "joint-development"],
        "price_negotiable": False,
        "price_min": Decimal("3000000"),
        "price_max": Decimal("5000000"),
        "patents": [("CN", "ZL202310456789.1", "granted")],
    },
    {
        "external_id": "QT-2024-031",
        "institution": "qiantang-university",
        "title_zh": "基于深度学习的纺织品瑕疵在线检测系统",
        "title_en": "",
        "summary_zh": "面向织造车间的视觉检测系统，单台工控机可处理 6 路 4K 相机，"
        "瑕疵检出率 98.5%，误报率低于 1%，已在两家纺织企业试运行一年。",
        "summary_en": "",
        "keywords": ["机器视觉", "缺陷检测", "纺织"],
        "fields": ["1.2", "2.2"],
        "trl": 7,
        "development_stage": "industrial",
        "ip_status": "software-copyright",
        "transfer_modes": ["non-exclusive-licence", "technical-service"],
        "price_negotiable": True,
    },
    {
        "external_id": "QT-2025-002",
        "institution": "qiantang-university",
        "title_zh": "茶园病虫害无人机多光谱监测方法",
        "title_en": "Multispectral drone monitoring of tea-garden pests and diseases",
        "summary_zh": "利用多光谱无人机影像与轻量化模型，"
        "提前 7–10 天识别茶小绿叶蝉和炭疽病发生区域，农药用量减少约 30%。",
        "summary_en": "Multispectral drone imagery and a lightweight model find tea leafhopper and "
        "anthracnose outbreaks 7–10 days earlier, cutting pesticide use by about 30%.",
        "keywords": ["无人机", "多光谱", "茶叶", "precision agriculture"],
        "fields": ["4.1", "1.2"],
        "trl": 5,
        "development_stage": "pilot",
        "ip_status": "patent-pending",
        "transfer_modes": ["non-exclusive-licence", "joint-development"],
        "price_negotiable": True,
        "patents": [("CN", "CN202410112233.5", "published")],
    },
    {
        "external_id": "JH-0091",
        "institution": "jinghua-tech",
        "title_zh": "",
        "title_en": "Low-cost flexible pressure sensor array for smart insoles",
        "summary_zh": "",
        "summary_en": "A printed piezoresistive sensor array (64 taxels, 0–600 kPa) on textile, "
        "washable for 50 cycles, at under 15 CNY per insole in volume. Demonstrated for gait "
        "analysis and fall-risk screening.",
        "keywords": ["flexible electronics", "pressure sensor", "wearables"],
        "fields": ["2.2", "2.6"],
        "trl": 5,
        "development_stage": "laboratory",
        "ip_status": "patented",
        "transfer_modes": ["exclusive-licence", "assignment"],
        "price_negotiable": False,
        "price_min": Decimal("800000"),
        "price_max": None,
        "patents": [("CN", "ZL202210998877.3", "granted"), ("WO", "WO2023123456", "published")],
    },
    {
        "external_id": "JH-0104",
        "institution": "jinghua-tech",
        "title_zh": "城市供水管网漏损智能定位技术",
        "title_en": "Leak localisation for urban water-supply networks",
        "summary_zh": "融合压力瞬变与声学信号，在 2 公里管段内将漏点定位误差控制在 1.5 米以内，"
        "已在北方某市 300 公里管网应用，年减少漏损水量约 80 万吨。",
        "summary_en": "Fuses pressure transients and acoustic signals to locate leaks within 1.5 m "
        "over 2 km pipe sections; deployed on 300 km of a northern city's network, saving about "
        "800,000 tonnes of water a year.",
        "keywords": ["漏损检测", "供水管网", "leak detection"],
        "fields": ["2.1", "2.7"],
        "trl": 8,
        "development_stage": "on-market",
        "ip_status": "patented",
        "transfer_modes": ["non-exclusive-licence", "technical-service"],
        "price_negotiable": True,
        "patents": [("CN", "ZL202010334455.8", "granted")],
    },
    {
        "external_id": "NH-M-007",
        "institution": "nanhai-materials",
        "title_zh": "海洋工程用耐蚀高熵合金涂层",
        "title_en": "Corrosion-resistant high-entropy alloy coating for marine structures",
        "summary_zh": "激光熔覆高熵合金涂层，盐雾试验 3000 小时无锈蚀，"
        "耐磨性为 316L 不锈钢的 4 倍。",
        "summary_en": "Laser-clad high-entropy alloy coating: no rust after 3,000 h salt spray, "
        "four times the wear resistance of 316L stainless steel.",
        "keywords": ["高熵合金", "涂层", "海洋防腐", "coating"],
        "fields": ["2.5"],
        "trl": 4,
        "development_stage": "laboratory",
        "ip_status": "patent-pending",
        "transfer_modes": ["joint-development", "equity-investment"],
        "price_negotiable": True,
    },
    {
        "external_id": "QT-2025-021",
        "institution": "qiantang-university",
        "title_zh": "可降解镁合金骨科固定螺钉",
        "title_en": "Biodegradable magnesium-alloy orthopaedic screws",
        "summary_zh": "新型镁锌钙合金螺钉在 12–18 个月内逐步降解，免除二次取出手术；"
        "动物实验显示骨愈合效果与钛合金相当。",
        "summary_en": "Mg-Zn-Ca alloy screws that degrade over 12–18 months, removing the need "
        "for a second operation; animal studies show bone healing on par with titanium.",
        "keywords": ["可降解", "镁合金", "骨科", "medical device"],
        "fields": ["2.6", "3.2"],
        "trl": 4,
        "development_stage": "laboratory",
        "ip_status": "patented",
        "transfer_modes": ["exclusive-licence", "equity-investment"],
        "price_negotiable": True,
        "patents": [("CN", "ZL202110556677.2", "granted")],
    },
    {
        "external_id": "QT-2025-040",
        "institution": "qiantang-university",
        "title_zh": "低温余热有机朗肯循环发电模块",
        "title_en": "Organic Rankine cycle module for low-grade waste heat",
        "summary_zh": "草稿：80–150 °C 余热发电模块，正在补充测试数据。",
        "summary_en": "",
        "keywords": ["余热发电"],
        "fields": ["2.3"],
        "trl": 3,
        "status": Achievement.Status.DRAFT,
    },
]

NEEDS: list[dict[str, Any]] = [
    {
        "organization": "oasis-energy",
        "title": "寻求储能电池用高安全隔膜技术",
        "description": "我公司为储能电站生产磷酸铁锂电池，希望引进可在现有产线应用的高安全隔膜或"
        "固态电解质技术，要求通过针刺、过充测试，成本增幅不超过 10%。可采用独占许可或联合开发。",
        "keywords": ["隔膜", "储能", "固态电解质"],
        "fields": ["2.5"],
        "trl_min": 5,
        "trl_max": 8,
        "budget_min": Decimal("2000000"),
        "budget_max": Decimal("6000000"),
        "budget_negotiable": False,
        "cooperation_modes": ["exclusive-licence", "joint-development"],
        "region": "jiangsu",
        "deadline_days": 120,
    },
    {
        "organization": "oasis-energy",
        "title": "光伏电站组件清洁机器人",
        "description": "需要适用于西北沙漠光伏电站的无水清洁机器人方案，单台日清洁面积不少于 "
        "2000 平方米，可跨排行走。",
        "keywords": ["光伏", "清洁机器人"],
        "fields": ["2.3"],
        "trl_min": 6,
        "trl_max": 9,
        "budget_negotiable": True,
        "cooperation_modes": ["assignment", "technical-service"],
        "region": "jiangsu",
        "deadline_days": 60,
    },
    {
        "organization": "obsidian-medical",
        "title": "Wearable gait sensing for post-operative rehabilitation",
        "description": "We build rehabilitation devices and are looking for a licensable "
        "pressure-sensing insole or wearable gait sensor that can be integrated into our "
        "home-rehab product. Must be washable and cost under 50 CNY in volume.",
        "keywords": ["gait analysis", "wearables", "rehabilitation"],
        "fields": ["2.6", "2.2"],
        "trl_min": 4,
        "trl_max": 7,
        "budget_negotiable": True,
        "cooperation_modes": ["exclusive-licence", "non-exclusive-licence"],
        "region": "shanghai",
        "deadline_days": 90,
    },
    {
        "organization": "obsidian-medical",
        "title": "可降解骨科内固定材料合作开发",
        "description": "寻求可降解金属或高分子骨科内固定材料，拟开展联合开发并推进注册检验。",
        "keywords": ["可降解", "骨科植入物"],
        "fields": ["2.6", "3.2"],
        "trl_min": 3,
        "trl_max": 6,
        "budget_negotiable": True,
        "cooperation_modes": ["joint-development", "equity-investment"],
        "region": "shanghai",
        "deadline_days": 150,
    },
]

EXPERTS: list[dict[str, Any]] = [
    {
        "login": "expert@keqiao.example",
        "name_zh": "孙海涛",
        "name_en": "Sun Haitao",
        "title": "教授级高级工程师",
        "organization": "jinghua-tech",
        "fields": ["2.5", "1.4"],
        "keywords": ["锂电池", "电化学储能", "battery safety"],
        "bio": "长期从事动力电池材料与安全性研究，参与多项储能国家标准制定。",
        "languages": ["zh-hans", "en"],
        "available_for_consulting": True,
    },
    {
        "name_zh": "何文静",
        "name_en": "He Wenjing",
        "title": "教授",
        "organization": "qiantang-university",
        "managed_by": "qiantang-university",
        "fields": ["2.6", "3.2"],
        "keywords": ["生物材料", "骨科器械", "biomaterials"],
        "bio": "研究方向为可降解金属植入材料与医疗器械评价。",
        "languages": ["zh-hans"],
    },
    {
        "name_zh": "李明",
        "name_en": "Li Ming",
        "title": "Associate Professor",
        "organization": "jinghua-tech",
        "managed_by": "jinghua-tech",
        "fields": ["1.2", "2.2"],
        "keywords": ["computer vision", "industrial inspection", "机器视觉"],
        "bio": "Works on machine vision for manufacturing quality inspection.",
        "languages": ["en", "zh-hans"],
        "available_for_mentoring": True,
    },
    {
        "name_zh": "",
        "name_en": "Emily Chen",
        "title": "Technology-transfer consultant",
        "organization": None,
        "managed_by": "jinghua-tech",
        "fields": ["5.2"],
        "keywords": ["licensing", "valuation", "technology transfer"],
        "bio": "Fifteen years of licensing practice between universities and industry.",
        "languages": ["en"],
        "available_for_consulting": True,
        "visibility": Expert.Visibility.REGISTERED,
    },
]


def _fields(codes: list[str]) -> list[Field]:
    return list(Field.objects.filter(scheme=Field.Scheme.OECD_FOS, code__in=codes))


@transaction.atomic
def seed_demo_world() -> dict[str, int]:
    """Create or update the demo world; returns how many rows of each kind it holds."""
    now = timezone.now()
    organizations = {}
    for spec in ORGANIZATIONS:
        defaults = {key: value for key, value in spec.items() if key != "slug"}
        defaults["verified_at"] = now if spec["verified"] else None
        organizations[spec["slug"]], _ = Organization.objects.update_or_create(
            slug=spec["slug"], defaults=defaults
        )

    users = {}
    moderators, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    for login in LOGINS:
        user = User.objects.filter(email=login.email).first() or User(email=login.email)
        user.display_name = login.display_name
        user.preferred_language = login.language
        user.is_staff = login.admin
        user.is_superuser = login.admin
        user.set_password(DEMO_PASSWORD)
        user.email_verified_at = (
            user.email_verified_at or timezone.now()
        )  # demo logins work at once
        user.save()
        users[login.email] = user
        if login.moderator:
            user.groups.add(moderators)
        if login.organization and login.role:
            Membership.objects.update_or_create(
                user=user,
                organization=organizations[login.organization],
                defaults={
                    "role": login.role,
                    "status": Membership.Status.ACTIVE,
                    "decided_at": now,
                },
            )

    officers = {
        "qiantang-university": users["tto@qiantang.example"],
        "jinghua-tech": users["tto@jinghua.example"],
        "nanhai-materials": None,
    }
    for age, spec in enumerate(ACHIEVEMENTS):
        spec = dict(spec)
        institution = organizations[spec.pop("institution")]
        patents = spec.pop("patents", [])
        field_codes = spec.pop("fields")
        status = spec.pop("status", Achievement.Status.PUBLISHED)
        published_at = now - dt.timedelta(days=3 * age + 1)
        achievement, _ = Achievement.objects.update_or_create(
            institution=institution,
            external_id=spec.pop("external_id"),
            defaults={
                **spec,
                "status": status,
                "created_by": officers[institution.slug],
                "published_at": published_at if status == Achievement.Status.PUBLISHED else None,
                "confirmed_current_at": published_at,
                "contact_name": str(officers[institution.slug] or ""),
                "contact_email": f"tto@{institution.slug.split('-')[0]}.example",
            },
        )
        achievement.fields.set(_fields(field_codes))
        for jurisdiction, number, patent_status in patents:
            Patent.objects.update_or_create(
                achievement=achievement,
                jurisdiction=jurisdiction,
                number=number,
                defaults={"status": patent_status, "kind": Patent.Kind.INVENTION},
            )

    for age, spec in enumerate(NEEDS):
        spec = dict(spec)
        organization = organizations[spec.pop("organization")]
        field_codes = spec.pop("fields")
        deadline = now.date() + dt.timedelta(days=spec.pop("deadline_days"))
        creator = next(
            users[login.email] for login in LOGINS if login.organization == organization.slug
        )
        need, _ = Need.objects.update_or_create(
            organization=organization,
            title=spec.pop("title"),
            defaults={
                **spec,
                "deadline": deadline,
                "status": Need.Status.PUBLISHED,
                "published_at": now - dt.timedelta(days=2 * age + 1),
                "created_by": creator,
            },
        )
        need.fields.set(_fields(field_codes))

    for spec in EXPERTS:
        spec = dict(spec)
        login_email = spec.pop("login", None)
        field_codes = spec.pop("fields")
        organization_slug = spec.pop("organization")
        managed_by_slug = spec.pop("managed_by", None)
        identity = (
            {"user": users[login_email]}
            if login_email
            else {"name_en": spec["name_en"], "managed_by": organizations[managed_by_slug]}
        )
        expert, _ = Expert.objects.update_or_create(
            **identity,
            defaults={
                **spec,
                "organization": organizations.get(organization_slug or ""),
                "managed_by": organizations.get(managed_by_slug or ""),
            },
        )
        expert.fields.set(_fields(field_codes))

    researcher = users["researcher@qiantang.example"]
    disclosure, _ = Disclosure.objects.update_or_create(
        institution=organizations["qiantang-university"],
        submitter=researcher,
        title="一种钠离子电池硬碳负极的低成本制备方法",
        defaults={
            "abstract": "以农林废弃物为前驱体制备硬碳负极，首效 90%，成本降低 40%。（保密）",
            "status": Disclosure.Status.SUBMITTED,
            "submitted_at": now - dt.timedelta(days=2),
            "development_stage": "laboratory",
        },
    )
    DisclosureInventor.objects.update_or_create(
        disclosure=disclosure,
        name=researcher.display_name,
        defaults={"user": researcher, "share": Decimal(100), "email": researcher.email},
    )

    # The demo rows were written here, not through services: index them the same way.
    from portal.search import index_objects

    index_objects(Achievement, Achievement.objects.values_list("id", flat=True))
    index_objects(Need, Need.objects.values_list("id", flat=True))
    index_objects(Expert, Expert.objects.values_list("id", flat=True))
    from deals.demo import seed_deals_demo  # deals builds on the listings above

    seed_deals_demo(organizations, users)
    from needs.demo import seed_needs_demo  # needs in every state, through their services

    seed_needs_demo(organizations, users)
    from matching.matches.demo import seed_matches_demo  # demo matches, computed by hand

    seed_matches_demo()
    from experts.demo import seed_experts_demo  # assessments of the listings above

    seed_experts_demo(organizations, users)

    return {
        "organizations": Organization.objects.count(),
        "users": User.objects.count(),
        "achievements": Achievement.objects.count(),
        "needs": Need.objects.count(),
        "experts": Expert.objects.count(),
    }
