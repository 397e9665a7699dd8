"""The expert pool in the API."""

from __future__ import annotations

from django.db.models import Prefetch

from experts.api.serializers import ExpertSerializer
from experts.filtersets import ExpertFilterSet
from experts.models import Expert
from portal.models import Field
from portal.rest.viewsets import VisibleReadOnlyViewSet


class ExpertViewSet(VisibleReadOnlyViewSet):
    """Experts who assess, consult and mentor: public profiles for everyone, profiles for
    registered users only to signed-in callers."""

    queryset = Expert.objects.select_related("organization").prefetch_related(
        Prefetch("fields", queryset=Field.objects.order_by("scheme", "position"))
    )
    serializer_class = ExpertSerializer
    filterset_class = ExpertFilterSet
