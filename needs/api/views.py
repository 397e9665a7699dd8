"""Technology needs in the API."""

from __future__ import annotations

from django.db.models import Prefetch

from needs.api.serializers import NeedSerializer
from needs.filtersets import NeedFilterSet
from needs.models import Need
from portal.models import Field
from portal.rest.viewsets import VisibleReadOnlyViewSet


class NeedViewSet(VisibleReadOnlyViewSet):
    """Enterprises' technology needs: published ones for everyone; the rest also for the
    enterprise's members and for moderators."""

    queryset = Need.objects.select_related("organization").prefetch_related(
        Prefetch("fields", queryset=Field.objects.order_by("scheme", "position"))
    )
    serializer_class = NeedSerializer
    filterset_class = NeedFilterSet
