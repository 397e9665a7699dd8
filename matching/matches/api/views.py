"""/api/v1/matches/: the caller's matches, with why; feedback on one of them.

Reads go through visible_to(user) in the shared base viewset, filtered by the FilterSet the
"My matches" page uses. Feedback is one service call: POST gives or changes it, DELETE takes
it back. A match the caller may not see is a 404.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from achievements.models import Achievement
from matching.matches import selectors, services
from matching.matches.api.serializers import (
    DismissalsSerializer,
    FeedbackSerializer,
    MatchSerializer,
)
from matching.matches.filtersets import MatchFilterSet
from matching.matches.models import Match, MatchFeedback
from portal.rest.schema import write_errors
from portal.rest.viewsets import MAX_ID, VisibleViewSet


class MatchViewSet(VisibleViewSet):
    """Matches of your organisation's needs and listings (all matches, for admins), best
    first. Filter with dismissed=false to leave out those you dismissed."""

    queryset = selectors.with_sides(Match.objects.all()).order_by("-score", "id")
    serializer_class = MatchSerializer
    filterset_class = MatchFilterSet
    permission_classes = [IsAuthenticated]
    last_modified_field = "computed_at"

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.with_verdict_of(super().get_queryset(), self.request.user)

    def _fresh(self, pk: int) -> Match:
        return cast(Match, self.get_queryset().get(pk=pk))

    @extend_schema(
        methods=["POST"],
        request=FeedbackSerializer,
        responses={**write_errors(conflict=False), 200: MatchSerializer},
        description="Mark the match useful, or dismiss it with a reason (not-relevant, "
        "too-early, wrong-field, already-known). Again: the verdict changes. A dismissal "
        "lowers similar matches later.",
    )
    @extend_schema(
        methods=["DELETE"],
        request=None,
        responses={204: OpenApiResponse(description="Your feedback is gone (or there was none).")},
        description="Take back your feedback on the match.",
    )
    @action(detail=True, methods=["post", "delete"])
    def feedback(self, request: Request, pk: str) -> Response:
        match = self.acting_on()
        user = cast(User, request.user)
        if request.method == "DELETE":
            services.match_feedback_withdraw(user=user, match=match)
            return Response(status=status.HTTP_204_NO_CONTENT)
        given = FeedbackSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        services.match_feedback_give(
            user=user,
            match=match,
            verdict=given.validated_data["verdict"],
            reason=given.validated_data.get("reason", ""),
        )
        body = MatchSerializer(self._fresh(match.pk), context=self.get_serializer_context())
        return Response(body.data)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "achievement",
                int,
                description="Only this listing of your institution (its id).",
                required=False,
            )
        ],
        responses={200: DismissalsSerializer},
        description="For a TTO: how often enterprises dismissed your institution's listings, "
        "by reason — overall (or for one listing) and per listing, most dismissed first. Counts "
        "only, never who or which need. Zero counts for anyone without listings.",
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def dismissals(self, request: Request) -> Response:
        listing = self._listing_param(request.query_params.get("achievement"))
        user = request.user
        reasons = selectors.dismissal_counts(user, achievement=listing)
        rows = selectors.dismissals_by_listing(user)
        if listing is not None:
            rows = [row for row in rows if row["achievement"].pk == listing.pk]
        values = [value for value, _label in MatchFeedback.Reason.choices]
        body = {
            "reasons": [
                {"reason": value, "label": label, "count": count} for value, label, count in reasons
            ],
            "listings": [
                {
                    "achievement": row["achievement"].pk,
                    "total": row["total"],
                    "counts": dict(zip(values, row["counts"], strict=True)),
                }
                for row in rows
            ],
        }
        return Response(DismissalsSerializer(body).data)

    def _listing_param(self, raw: str | None) -> Achievement | None:
        if raw is None or raw == "":
            return None
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_ID:
            raise ValidationError({"achievement": [_("Enter a listing id.")]})
        # Any listing the caller may see; the counts are only ever their own institution's.
        listing = Achievement.objects.visible_to(self.request.user).filter(pk=int(raw)).first()
        if listing is None:
            raise ValidationError({"achievement": [_("There is no listing with this id.")]})
        return listing
