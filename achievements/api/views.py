"""Achievements (public) and disclosures (confidential) in the API, with the TTO workflow.

Reads go through visible_to (portal/rest/viewsets.py). Every write validates its body with a
serializer from inputs.py and calls exactly the service function the pages call; the service
decides who may act (403) and in which state (409 transition_not_allowed).
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from accounts.models import Organization, User
from accounts.permissions import object_for
from achievements import services
from achievements.api.inputs import (
    AchievementInputSerializer,
    DisclosureInputSerializer,
    NewAchievementSerializer,
    NewDisclosureSerializer,
)
from achievements.api.serializers import (
    AchievementDetailSerializer,
    AchievementManageSerializer,
    AchievementSerializer,
    DisclosureDetailSerializer,
    DisclosureSerializer,
)
from achievements.filtersets import AchievementFilterSet, DisclosureFilterSet
from achievements.models import Achievement, Disclosure
from moderation.api.serializers import OptionalReasonSerializer, ReasonSerializer
from portal.models import Field
from portal.rest.schema import write_errors
from portal.rest.viewsets import VisibleViewSet

_fields = Prefetch("fields", queryset=Field.objects.order_by("scheme", "position"))


def _valid(serializer: Any) -> Any:
    serializer.is_valid(raise_exception=True)
    return serializer


class AchievementViewSet(VisibleViewSet):
    """Research achievements listed for transfer: published ones for everyone; drafts and
    listings under review also for their institution's TTO and for moderators."""

    queryset = Achievement.objects.select_related("institution").prefetch_related(_fields)
    detail_queryset = queryset.prefetch_related("patents")
    serializer_class = AchievementSerializer
    detail_serializer_class = AchievementDetailSerializer
    filterset_class = AchievementFilterSet

    def _answer(self, listing: Achievement, code: int = status.HTTP_200_OK) -> Response:
        listing = self.queryset.prefetch_related("patents").get(pk=listing.pk)
        body = AchievementManageSerializer(listing, context=self.get_serializer_context()).data
        return Response(body, status=code)

    @extend_schema(
        summary="Create a draft listing",
        description="For the caller's institution's TTO (403 otherwise). The answer is the new "
        "draft with its quality check.",
        request=NewAchievementSerializer,
        responses={201: AchievementManageSerializer, **write_errors(conflict=False)},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = _valid(NewAchievementSerializer(data=request.data, context={"request": request}))
        institution = object_for(
            Organization.objects,
            request.user,
            "create_achievement",
            data.validated_data["institution"].pk,
        )
        listing = services.achievement_save(
            actor=cast(User, request.user), institution=institution, **data.changes()
        )
        return self._answer(listing, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a listing",
        description="Only the keys sent change. On a published listing, changes to the "
        "title, summary, description, price or IP wait for review in `pending_revision` "
        "(send them with `submit`); the rest applies at once.",
        request=AchievementInputSerializer,
        responses={200: AchievementManageSerializer, **write_errors()},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        listing = self.acting_on()
        data = _valid(
            AchievementInputSerializer(
                listing, data=request.data, partial=True, context={"request": request}
            )
        )
        listing = services.achievement_save(
            actor=cast(User, request.user), achievement=listing, **data.changes()
        )
        return self._answer(listing)

    @extend_schema(
        summary="Send a listing (or a published listing's changes) for review",
        description="A draft or a listing sent back goes to the moderation queue; on a "
        "published listing, its pending changes do (the published text stays live). 409 "
        "transition_not_allowed in other states; a repeat changes nothing.",
        request=None,
        responses={200: AchievementManageSerializer, **write_errors()},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        listing = services.achievement_submit(
            actor=cast(User, request.user), achievement=self.acting_on()
        )
        return self._answer(listing)

    @extend_schema(
        summary="Withdraw (archive) a listing",
        description="The institution's TTO takes the listing off the portal for good. A "
        "moderator doing this takes it down: the reason is then required.",
        request=OptionalReasonSerializer,
        responses={200: AchievementManageSerializer, **write_errors()},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        listing = self.acting_on()
        data = _valid(OptionalReasonSerializer(data=request.data))
        listing = services.achievement_withdraw(
            actor=cast(User, request.user),
            achievement=listing,
            reason=data.validated_data["reason"],
        )
        return self._answer(listing)

    @extend_schema(
        summary="Confirm a published listing is still current",
        description="Resets the freshness reminder; 409 for a listing that is not published.",
        request=None,
        responses={200: AchievementManageSerializer, **write_errors()},
    )
    @action(detail=True, methods=["post"], url_path="confirm-current")
    def confirm_current(self, request: Request, pk: str | None = None) -> Response:
        listing = services.achievement_confirm_current(
            actor=cast(User, request.user), achievement=self.acting_on()
        )
        return self._answer(listing)


class DisclosureViewSet(VisibleViewSet):
    """Confidential invention disclosures: the submitter's and inventors' own, and (once
    submitted) those of the caller's institution for its TTO. Needs authentication."""

    permission_classes = [IsAuthenticated]
    queryset = Disclosure.objects.select_related("institution").prefetch_related("inventors")
    detail_queryset = queryset.prefetch_related("prior_disclosures")
    serializer_class = DisclosureSerializer
    detail_serializer_class = DisclosureDetailSerializer
    filterset_class = DisclosureFilterSet

    def _answer(self, disclosure: Disclosure, code: int = status.HTTP_200_OK) -> Response:
        disclosure = self.detail_queryset.get(pk=disclosure.pk)
        body = DisclosureDetailSerializer(disclosure, context=self.get_serializer_context()).data
        return Response(body, status=code)

    @extend_schema(
        summary="Create a draft disclosure",
        description="To an institution (university, institute, hospital) the caller is a "
        "member of (403 otherwise); only the submitter, the inventors with an account and, "
        "once it is submitted, the institution's TTO see it.",
        request=NewDisclosureSerializer,
        responses={201: DisclosureDetailSerializer, **write_errors(conflict=False)},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = _valid(NewDisclosureSerializer(data=request.data, context={"request": request}))
        institution = object_for(
            Organization.objects,
            request.user,
            "create_disclosure",
            data.validated_data["institution"].pk,
        )
        disclosure = services.disclosure_save(
            actor=cast(User, request.user), institution=institution, **data.changes()
        )
        return self._answer(disclosure, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a draft disclosure",
        description="Only the keys sent change; inventors and prior_disclosures replace the "
        "whole list when sent.",
        request=DisclosureInputSerializer,
        responses={200: DisclosureDetailSerializer, **write_errors()},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        disclosure = self.acting_on()
        data = _valid(
            DisclosureInputSerializer(
                disclosure, data=request.data, partial=True, context={"request": request}
            )
        )
        disclosure = services.disclosure_save(
            actor=cast(User, request.user), disclosure=disclosure, **data.changes()
        )
        return self._answer(disclosure)

    @extend_schema(
        summary="Submit a draft to the institution's TTO",
        description="The inventors' shares must add up to 100 and an abstract is required.",
        request=None,
        responses={200: DisclosureDetailSerializer, **write_errors()},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        disclosure = services.disclosure_submit(
            actor=cast(User, request.user), disclosure=self.acting_on()
        )
        return self._answer(disclosure)

    @extend_schema(
        summary="Start reviewing a submitted disclosure (the TTO)",
        description="submitted → under_review; a repeat changes nothing.",
        request=None,
        responses={200: DisclosureDetailSerializer, **write_errors()},
    )
    @action(detail=True, methods=["post"], url_path="start-review")
    def start_review(self, request: Request, pk: str | None = None) -> Response:
        disclosure = services.disclosure_start_review(
            actor=cast(User, request.user), disclosure=self.acting_on()
        )
        return self._answer(disclosure)

    @extend_schema(
        summary="Accept a disclosure under review (the TTO)",
        description="under_review → accepted; the submitter is told.",
        request=OptionalReasonSerializer,
        responses={200: DisclosureDetailSerializer, **write_errors()},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        disclosure = self.acting_on()
        data = _valid(OptionalReasonSerializer(data=request.data))
        disclosure = services.disclosure_accept(
            actor=cast(User, request.user),
            disclosure=disclosure,
            reason=data.validated_data["reason"],
        )
        return self._answer(disclosure)

    @extend_schema(
        summary="Decline a disclosure under review, with a reason (the TTO)",
        description="under_review → declined; the reason is kept and sent to the submitter.",
        request=ReasonSerializer,
        responses={200: DisclosureDetailSerializer, **write_errors()},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        disclosure = self.acting_on()
        data = _valid(ReasonSerializer(data=request.data))
        disclosure = services.disclosure_decline(
            actor=cast(User, request.user),
            disclosure=disclosure,
            reason=data.validated_data["reason"],
        )
        return self._answer(disclosure)

    @extend_schema(
        summary="Turn an accepted disclosure into a draft listing (the TTO)",
        description="Answers with the new draft listing, prefilled from the disclosure and "
        "linked to it (201), or, when it was converted before, with that listing (200).",
        request=None,
        responses={
            201: AchievementManageSerializer,
            200: OpenApiResponse(AchievementManageSerializer, description="Converted before."),
            **write_errors(),
        },
    )
    @action(detail=True, methods=["post"])
    def convert(self, request: Request, pk: str | None = None) -> Response:
        disclosure = self.acting_on()
        converted_before = disclosure.status == Disclosure.Status.CONVERTED
        listing = services.disclosure_convert(actor=cast(User, request.user), disclosure=disclosure)
        listing = Achievement.objects.select_related("institution").get(pk=listing.pk)
        body = AchievementManageSerializer(listing, context=self.get_serializer_context()).data
        headers = {
            "Location": reverse("api:achievement-detail", args=[listing.pk], request=request)
        }
        return Response(
            body,
            status=status.HTTP_200_OK if converted_before else status.HTTP_201_CREATED,
            headers=headers,
        )
