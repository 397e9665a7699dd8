"""The moderator's queue, decisions and abuse reports in the API.

Generic over every kind registered in moderation/registry.py, like the pages: the item is found
through the kind's visible_to (404 otherwise) and the decision is moderation_decide, the service
the review page calls; reports are report_create and report_resolve.
"""

from __future__ import annotations

from typing import Any, cast

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from moderation import registry
from moderation.api.serializers import (
    ModeratedItemSerializer,
    NewReportSerializer,
    QueueEntrySerializer,
    QueueFilterSerializer,
    QueueSerializer,
    ReasonSerializer,
    ReportSerializer,
    ResolveReportSerializer,
)
from moderation.models import AbuseReport
from moderation.queue import moderation_queue
from moderation.services import (
    Decision,
    moderation_decide,
    report_create,
    report_resolve,
    require_moderator,
)
from portal.rest.schema import write_errors
from portal.rest.viewsets import MAX_ID, VisibleViewSet


def _kind_parameter() -> OpenApiParameter:
    return OpenApiParameter(
        "kind",
        str,
        OpenApiParameter.PATH,
        enum=[moderated.key for moderated in registry.all_types()],
        description="The kind of item.",
    )


def _item(request: Request, kind: str, pk: int) -> tuple[registry.ModeratedType, Any]:
    """The item of that kind, if the caller may see it (404 otherwise, like a missing one)."""
    if pk > MAX_ID:
        raise NotFound()
    try:
        moderated = registry.get(kind)
    except KeyError:
        raise NotFound() from None
    return moderated, get_object_or_404(moderated.visible_to(request.user), pk=pk)


class QueueView(APIView):
    """Everything waiting for this moderator, oldest first: submitted items, published
    listings whose changes wait for review, open abuse reports. Moderators only; never their
    own organisation's items."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="moderation_queue",
        parameters=[QueueFilterSerializer],
        responses={200: QueueSerializer},
        tags=["moderation"],
    )
    def get(self, request: Request) -> Response:
        require_moderator(cast(User, request.user))
        filters = QueueFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        wanted = filters.validated_data
        items = moderation_queue(
            request.user,
            kind=wanted.get("kind", ""),
            organization_id=wanted.get("institution"),
            older_than_days=wanted.get("older_than"),
        )
        entries = [QueueEntrySerializer.entry(item) for item in items]
        body = QueueSerializer({"count": len(entries), "results": entries})
        return Response(body.data)


class DecisionView(APIView):
    """A moderator's decision on a submitted item, or on a published listing's submitted
    changes; the reason is required and sent to the owners."""

    permission_classes = [IsAuthenticated]
    decision: Decision = Decision.APPROVE

    @extend_schema(
        parameters=[_kind_parameter()],
        request=ReasonSerializer,
        responses={200: ModeratedItemSerializer, **write_errors()},
        tags=["moderation"],
    )
    def post(self, request: Request, kind: str, pk: int) -> Response:
        moderated, target = _item(request, kind, pk)
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        moderation_decide(
            actor=cast(User, request.user),
            kind=kind,
            target=target,
            decision=self.decision,
            reason=data.validated_data["reason"],
        )
        decided = moderated.model._default_manager.get(pk=target.pk)
        return Response(ModeratedItemSerializer(ModeratedItemSerializer.of(kind, decided)).data)


class ApproveView(DecisionView):
    decision = Decision.APPROVE


class RequestChangesView(DecisionView):
    decision = Decision.REQUEST_CHANGES


class RejectView(DecisionView):
    decision = Decision.REJECT


class ReportItemView(APIView):
    """Report an item you can see to the moderators (any signed-in user). Reporting it again
    while your report is open answers the same report."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="moderation_report_create",
        parameters=[_kind_parameter()],
        request=NewReportSerializer,
        responses={201: ReportSerializer, **write_errors(conflict=False)},
        tags=["moderation"],
    )
    def post(self, request: Request, kind: str, pk: int) -> Response:
        _moderated, target = _item(request, kind, pk)
        data = NewReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = report_create(
            reporter=cast(User, request.user),
            target=target,
            reason=data.validated_data["reason"],
            details=data.validated_data["details"],
        )
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)


class ReportViewSet(VisibleViewSet):
    """Abuse reports: moderators see them all, a reporter their own."""

    permission_classes = [IsAuthenticated]
    queryset = AbuseReport.objects.select_related("content_type")
    serializer_class = ReportSerializer
    filterset_fields = ["status"]
    last_modified_field = None

    @extend_schema(
        summary="Resolve an open report (moderators)",
        description="dismissed: nothing wrong; resolved: handled with the owner; taken_down: "
        "the item is archived with the reason and its owners are told.",
        request=ResolveReportSerializer,
        responses={200: ReportSerializer, **write_errors()},
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, pk: str | None = None) -> Response:
        report = self.acting_on()
        data = ResolveReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        resolved = report_resolve(
            actor=cast(User, request.user),
            report=report,
            outcome=data.validated_data["outcome"],
            reason=data.validated_data["reason"],
        )
        return Response(ReportSerializer(resolved).data)
