"""The yardstick: plain Django views returning the same JSON as the API from the same queries.

No DRF, no FilterSet, no serializer, no throttling, no ETag: a dict per row built by hand and
dumped with orjson. bench/api_bench.py checks that both answer with identical results.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import orjson
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from achievements.models import Achievement
from portal import keyset
from portal.models import Field


def _time(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(Decimal("0.01")))


def _row(request: HttpRequest, a: Achievement) -> dict[str, Any]:
    i = a.institution
    return {
        "id": a.pk,
        "url": request.build_absolute_uri(f"/api/v1/achievements/{a.pk}/"),
        "title_zh": a.title_zh,
        "title_en": a.title_en,
        "summary_zh": a.summary_zh,
        "summary_en": a.summary_en,
        "keywords": a.keywords,
        "institution": {
            "id": i.pk,
            "slug": i.slug,
            "kind": i.kind,
            "name_zh": i.name_zh,
            "name_en": i.name_en,
            "region": i.region,
            "verified": i.verified,
        },
        "trl": a.trl,
        "development_stage": a.development_stage,
        "ip_status": a.ip_status,
        "transfer_modes": a.transfer_modes,
        "price_negotiable": a.price_negotiable,
        "price_min": _money(a.price_min),
        "price_max": _money(a.price_max),
        "currency": a.currency,
        "language": a.content_language,
        "status": a.status,
        "published_at": _time(a.published_at),
        "updated_at": _time(a.updated_at),
        "fields": [
            {
                "id": f.pk,
                "scheme": f.scheme,
                "code": f.code,
                "name_zh": f.name_zh,
                "name_en": f.name_en,
            }
            for f in a.fields.all()
        ],
    }


def _queryset(request: HttpRequest) -> Any:
    return (
        Achievement.objects.visible_to(request.user)
        .select_related("institution")
        .prefetch_related(Prefetch("fields", queryset=Field.objects.order_by("scheme", "position")))
    )


@transaction.non_atomic_requests
def achievement_list(request: HttpRequest) -> HttpResponse:
    page = keyset.paginate(_queryset(request), request.GET.get("cursor"), 20)
    base = request.build_absolute_uri(request.path)
    body = {
        "next": f"{base}?cursor={page.next_cursor}" if page.next_cursor else None,
        "previous": f"{base}?cursor={page.previous_cursor}" if page.previous_cursor else None,
        "results": [_row(request, a) for a in page.items],
    }
    return HttpResponse(orjson.dumps(body), content_type="application/json")


@transaction.non_atomic_requests
def achievement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        achievement = _queryset(request).prefetch_related("patents").get(pk=pk)
    except Achievement.DoesNotExist:
        raise Http404 from None
    body = _row(request, achievement)
    body["description"] = achievement.description
    body["patents"] = [
        {
            "number": p.number,
            "jurisdiction": p.jurisdiction,
            "kind": p.kind,
            "status": p.status,
            "title": p.title,
            "filing_date": p.filing_date.isoformat() if p.filing_date else None,
            "grant_date": p.grant_date.isoformat() if p.grant_date else None,
        }
        for p in achievement.patents.all()
    ]
    body["confirmed_current_at"] = _time(achievement.confirmed_current_at)
    body["created_at"] = _time(achievement.created_at)
    return HttpResponse(orjson.dumps(body), content_type="application/json")
