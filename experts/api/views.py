"""The expert pool in the API: profiles (read by all, written by their keepers) and assessments.

Reads go through visible_to (portal/rest/viewsets.py). Every write validates its body with a
serializer from inputs.py and calls the service the pages call; the service decides who may act
(403) and in which state (409 transition_not_allowed).
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from accounts.permissions import object_for
from achievements.models import Achievement
from experts import services
from experts.api.inputs import (
    AssessmentRequestSerializer,
    AssessmentSubmitSerializer,
    ExpertInputSerializer,
    NewExpertSerializer,
    PublishSerializer,
)
from experts.api.serializers import AssessmentSerializer, ExpertManageSerializer, ExpertSerializer
from experts.filtersets import AssessmentFilterSet, ExpertFilterSet
from experts.models import Assessment, Expert
from moderation.api.serializers import OptionalReasonSerializer
from portal.models import Field
from portal.rest.schema import write_errors
from portal.rest.viewsets import VisibleViewSet


def _valid(serializer: Any) -> Any:
    serializer.is_valid(raise_exception=True)
    return serializer


class ExpertViewSet(VisibleViewSet):
    """Experts who assess, consult and mentor: public profiles for everyone, profiles for
    registered users only to signed-in callers. The expert, or the TTO keeping a profile for
    an expert without a login, writes it."""

    queryset = Expert.objects.select_related("organization").prefetch_related(
        Prefetch("fields", queryset=Field.objects.order_by("scheme", "position"))
    )
    serializer_class = ExpertSerializer
    filterset_class = ExpertFilterSet

    def _answer(self, expert: Expert, code: int = status.HTTP_200_OK) -> Response:
        expert = self.queryset.select_related("managed_by").get(pk=expert.pk)
        body = ExpertManageSerializer(expert, context=self.get_serializer_context()).data
        return Response(body, status=code)

    @extend_schema(
        summary="Create an expert profile",
        description="Without kept_by: the caller's own profile (one each; 400 when they have "
        "one). With kept_by: a profile the caller's institution keeps for an expert without a "
        "login (TTO officers of that institution; 403 otherwise).",
        request=NewExpertSerializer,
        responses={201: ExpertManageSerializer, **write_errors(conflict=False)},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = _valid(NewExpertSerializer(data=request.data, context={"request": request}))
        kept_by = data.validated_data.get("kept_by")
        if kept_by is not None:
            from accounts.models import Organization

            kept_by = object_for(
                Organization.objects, request.user, "keep_expert_profile", kept_by.pk
            )
        expert = services.expert_save(
            actor=cast(User, request.user), kept_by=kept_by, **data.changes()
        )
        return self._answer(expert, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change an expert profile",
        description="The expert, or the TTO keeping the profile. Only the keys sent change; "
        "is_active false takes the profile out of the pool.",
        request=ExpertInputSerializer,
        responses={200: ExpertManageSerializer, **write_errors(conflict=False)},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        expert = self.acting_on()
        data = _valid(
            ExpertInputSerializer(
                expert, data=request.data, partial=True, context={"request": request}
            )
        )
        expert = services.expert_save(
            actor=cast(User, request.user), expert=expert, **data.changes()
        )
        return self._answer(expert)

    @extend_schema(
        summary="Take a profile out of the pool",
        description="It stays visible to whoever keeps it; a repeat changes nothing.",
        request=OptionalReasonSerializer,
        responses={200: ExpertManageSerializer, **write_errors(conflict=False)},
    )
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Request, pk: str | None = None) -> Response:
        expert = self.acting_on()
        data = _valid(OptionalReasonSerializer(data=request.data))
        expert = services.expert_deactivate(
            actor=cast(User, request.user), expert=expert, reason=data.validated_data["reason"]
        )
        return self._answer(expert)


class AssessmentViewSet(VisibleViewSet):
    """Expert assessments of listings: the listing's TTO and the expert see them all; a
    published one of a published listing is for the listing's readers (as far as they may see
    the expert's profile). Writes need authentication."""

    queryset = Assessment.objects.select_related("expert", "achievement")
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilterSet

    def _answer(self, assessment: Assessment, code: int = status.HTTP_200_OK) -> Response:
        assessment = self.queryset.get(pk=assessment.pk)
        body = AssessmentSerializer(assessment, context=self.get_serializer_context()).data
        return Response(body, status=code)

    @extend_schema(
        summary="Ask experts to assess a listing",
        description="For the TTO of the listing's institution (403 otherwise), on a listing "
        "that is not rejected or archived (409). Each expert must be available for evaluation. "
        "Asking an expert again returns the first request. Answers with the requests.",
        request=AssessmentRequestSerializer,
        responses={201: AssessmentSerializer(many=True), **write_errors()},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = _valid(AssessmentRequestSerializer(data=request.data, context={"request": request}))
        listing = object_for(
            Achievement.objects, request.user, "view", data.validated_data["achievement"]
        )
        requests = services.assessment_request(
            actor=cast(User, request.user),
            achievement=listing,
            experts=data.validated_data["experts"],
        )
        found = self.queryset.filter(pk__in=[r.pk for r in requests]).order_by("pk")
        body = AssessmentSerializer(found, many=True, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Submit the assessment",
        description="The expert asked, or the listing's TTO for an expert without a login. "
        "requested → submitted; 409 once declined; a repeat changes nothing.",
        request=AssessmentSubmitSerializer,
        responses={200: AssessmentSerializer, **write_errors()},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        assessment = self.acting_on()
        data = _valid(AssessmentSubmitSerializer(data=request.data))
        assessment = services.assessment_submit(
            actor=cast(User, request.user), assessment=assessment, values=data.values()
        )
        return self._answer(assessment)

    @extend_schema(
        summary="Decline to assess",
        description="requested → declined, with an optional reason; 409 once submitted.",
        request=OptionalReasonSerializer,
        responses={200: AssessmentSerializer, **write_errors()},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        assessment = self.acting_on()
        data = _valid(OptionalReasonSerializer(data=request.data))
        assessment = services.assessment_decline(
            actor=cast(User, request.user),
            assessment=assessment,
            reason=data.validated_data["reason"],
        )
        return self._answer(assessment)

    @extend_schema(
        summary="Show a submitted assessment on the listing (or take it off)",
        description="The listing's TTO; 409 unless submitted.",
        request=PublishSerializer,
        responses={200: AssessmentSerializer, **write_errors()},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        assessment = self.acting_on()
        data = _valid(PublishSerializer(data=request.data))
        assessment = services.assessment_publish(
            actor=cast(User, request.user),
            assessment=assessment,
            published=data.validated_data["published"],
        )
        return self._answer(assessment)
