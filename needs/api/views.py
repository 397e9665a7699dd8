"""Technology needs in the API, with the enterprise's side of the lifecycle.

Reads go through visible_to (portal/rest/viewsets.py). Every write validates its body with a
serializer from inputs.py and calls exactly the service the pages call; the service decides
who may act (403) and in which state (409 transition_not_allowed). Moderators decide through
/api/v1/moderation/need/{id}/… like any moderated kind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import Organization, User
from accounts.permissions import object_for
from moderation.api.serializers import OptionalReasonSerializer
from needs import services
from needs.api.inputs import NeedInputSerializer, NewNeedSerializer
from needs.api.serializers import NeedSerializer
from needs.filtersets import NeedFilterSet
from needs.models import Need
from portal.models import Field
from portal.rest.schema import write_errors
from portal.rest.viewsets import VisibleViewSet


def _valid(serializer: Any) -> Any:
    serializer.is_valid(raise_exception=True)
    return serializer


class NeedViewSet(VisibleViewSet):
    """Enterprises' technology needs: published ones for everyone; the rest also for the
    enterprise's members and for moderators."""

    queryset = Need.objects.select_related("organization").prefetch_related(
        Prefetch("fields", queryset=Field.objects.order_by("scheme", "position"))
    )
    serializer_class = NeedSerializer
    filterset_class = NeedFilterSet

    def _answer(self, need: Need, code: int = status.HTTP_200_OK) -> Response:
        need = self.queryset.get(pk=need.pk)
        return Response(NeedSerializer(need, context=self.get_serializer_context()).data, code)

    def _with_reason(self, service: Callable[..., Need]) -> Response:
        need = self.acting_on()
        data = _valid(OptionalReasonSerializer(data=self.request.data))
        need = service(
            actor=cast(User, self.request.user), need=need, reason=data.validated_data["reason"]
        )
        return self._answer(need)

    @extend_schema(
        summary="Create a draft need",
        description="For an enterprise the caller is a member of (403 otherwise). A deadline "
        "must not be in the past; TRL and budget ranges must be ordered.",
        request=NewNeedSerializer,
        responses={201: NeedSerializer, **write_errors(conflict=False)},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = _valid(NewNeedSerializer(data=request.data, context={"request": request}))
        organization = object_for(
            Organization.objects,
            request.user,
            "create_need",
            data.validated_data["organization"].pk,
        )
        need = services.need_save(
            actor=cast(User, request.user), organization=organization, **data.changes()
        )
        return self._answer(need, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a need",
        description="Only the keys sent change. Drafts and needs sent back change freely; on "
        "a published need, a change to the title, description or budget sends it back to "
        "review (status submitted), other changes apply at once. 409 while it is submitted, "
        "rejected, closed, fulfilled or expired.",
        request=NeedInputSerializer,
        responses={200: NeedSerializer, **write_errors()},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        need = self.acting_on()
        data = _valid(
            NeedInputSerializer(need, data=request.data, partial=True, context={"request": request})
        )
        need = services.need_save(actor=cast(User, request.user), need=need, **data.changes())
        return self._answer(need)

    @extend_schema(
        summary="Send a need for review",
        description="A draft or a need sent back goes to the moderation queue; its deadline "
        "must not have passed (400). 409 transition_not_allowed in other states; a repeat "
        "changes nothing.",
        request=None,
        responses={200: NeedSerializer, **write_errors()},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        need = services.need_submit(actor=cast(User, request.user), need=self.acting_on())
        return self._answer(need)

    @extend_schema(
        summary="Withdraw a need to draft",
        description="A submitted need (or one sent back) returns to draft: out of the queue.",
        request=OptionalReasonSerializer,
        responses={200: NeedSerializer, **write_errors()},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        return self._with_reason(services.need_withdraw)

    @extend_schema(
        summary="Close a published need",
        description="The enterprise no longer looks for this: published → closed.",
        request=OptionalReasonSerializer,
        responses={200: NeedSerializer, **write_errors()},
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        return self._with_reason(services.need_close)

    @extend_schema(
        summary="Mark a published need as fulfilled",
        description="The enterprise found what it needed: published → fulfilled.",
        request=OptionalReasonSerializer,
        responses={200: NeedSerializer, **write_errors()},
    )
    @action(detail=True, methods=["post"])
    def fulfil(self, request: Request, pk: str | None = None) -> Response:
        return self._with_reason(services.need_mark_fulfilled)
