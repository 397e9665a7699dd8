"""Achievements (public) and disclosures (confidential) in the API."""

from __future__ import annotations

from django.db.models import Prefetch
from rest_framework.permissions import IsAuthenticated

from achievements.api.serializers import (
    AchievementDetailSerializer,
    AchievementSerializer,
    DisclosureDetailSerializer,
    DisclosureSerializer,
)
from achievements.filtersets import AchievementFilterSet, DisclosureFilterSet
from achievements.models import Achievement, Disclosure
from portal.models import Field
from portal.rest.viewsets import VisibleReadOnlyViewSet

_fields = Prefetch("fields", queryset=Field.objects.order_by("scheme", "position"))


class AchievementViewSet(VisibleReadOnlyViewSet):
    """Research achievements listed for transfer: published ones for everyone; drafts and
    listings under review also for their institution's TTO and for moderators."""

    queryset = Achievement.objects.select_related("institution").prefetch_related(_fields)
    detail_queryset = queryset.prefetch_related("patents")
    serializer_class = AchievementSerializer
    detail_serializer_class = AchievementDetailSerializer
    filterset_class = AchievementFilterSet


class DisclosureViewSet(VisibleReadOnlyViewSet):
    """Confidential invention disclosures: the submitter's and inventors' own, and (once
    submitted) those of the caller's institution for its TTO. Needs authentication."""

    permission_classes = [IsAuthenticated]
    queryset = Disclosure.objects.select_related("institution").prefetch_related("inventors")
    detail_queryset = queryset.prefetch_related("prior_disclosures")
    serializer_class = DisclosureSerializer
    detail_serializer_class = DisclosureDetailSerializer
    filterset_class = DisclosureFilterSet
