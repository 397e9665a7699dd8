"""Inquiries, document requests and the funnel in the API.

Reads go through visible_to(user) in the shared base viewset; every write is one service call.
An object the caller may not see is a 404; one they see but may not act on (now) is a 403, as
everywhere (accounts.permissions.object_for). Service refusals keep their field names.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Organization, User
from accounts.permissions import object_for
from achievements.models import Achievement
from deals import funnel, services
from deals.api.serializers import (
    AccessRequestCreateSerializer,
    AccessRequestSerializer,
    ApproveSerializer,
    InquiryCreateSerializer,
    InquiryDetailSerializer,
    InquirySerializer,
    InstitutionFunnelSerializer,
    ListingFunnelSerializer,
    MessageCreateSerializer,
    MessageSerializer,
    NdaAcceptSerializer,
    NdaSerializer,
)
from deals.filtersets import AccessRequestFilterSet, InquiryFilterSet
from deals.models import AccessRequest, Inquiry, Nda, NdaAcceptance
from deals.querysets import deal_institutions, deal_listings
from moderation.api.serializers import ReasonSerializer  # one request shape for a reason
from moderation.workflow import TransitionNotAllowed
from portal.rest.schema import write_errors
from portal.rest.viewsets import MAX_ID, ConditionalReadMixin, VisibleReadOnlyViewSet

# The API's names for the services' fields.
FIELD_NAMES = {"body": "message", "__all__": "non_field_errors"}


@contextmanager
def service_errors() -> Iterator[None]:
    """A service's refusal in the API's terms: daily limit → 429 with Retry-After; a state that
    does not allow it → 409; invalid input → 400 naming the fields."""
    try:
        yield
    except services.DailyLimitReached as error:
        raise exceptions.Throttled(wait=error.retry_after, detail=error.messages[0]) from None
    except TransitionNotAllowed:
        raise  # the API's handler answers 409 transition_not_allowed
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            detail: Any = {FIELD_NAMES.get(k, k): v for k, v in error.message_dict.items()}
        else:
            detail = error.messages
        raise exceptions.ValidationError(detail) from None


def _listing(user: Any, pk: int) -> Achievement:
    listing = Achievement.objects.visible_to(user).filter(pk=pk).first()
    if listing is None:
        raise exceptions.ValidationError({"achievement": [_("There is no listing with this id.")]})
    return listing


def _organization(slug: str | None) -> Organization | None:
    if not slug:
        return None
    found = Organization.objects.filter(slug=slug).first()
    if found is None:
        raise exceptions.ValidationError(
            {"organization": [_("There is no organisation with this short name.")]}
        )
    return found


class PartiesViewSet(VisibleReadOnlyViewSet):
    """A private resource of two parties: signed-in callers only; actions by grant."""

    permission_classes = [IsAuthenticated]

    def acting_on(self, action_name: str) -> Any:
        """The object of the URL if the caller may see it (else 404). Whether they may do
        `action_name` to it is the service's call, as in the rest of the API: never theirs →
        403, not in this state → 409 transition_not_allowed, already done → no change."""
        return self.get_object()

    def fresh(self, pk: int) -> Any:
        return self.get_queryset().get(pk=pk)


class InquiryViewSet(PartiesViewSet):
    """Your inquiry threads: those you (or your organisation) sent, and those about your TTO's
    listings. Only the two parties (and admins) see a thread; moderators do not."""

    queryset = Inquiry.objects.select_related("achievement__institution", "sender", "organization")
    detail_queryset = queryset.prefetch_related("messages__author")
    serializer_class = InquirySerializer
    detail_serializer_class = InquiryDetailSerializer
    filterset_class = InquiryFilterSet

    @extend_schema(
        request=InquiryCreateSerializer,
        responses={**write_errors(conflict=False), 201: InquiryDetailSerializer},
    )
    def create(self, request: Request) -> Response:
        """Ask a published listing's TTO a question (limited per person and day: 429)."""
        given = InquiryCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        values = given.validated_data
        user = cast(User, request.user)
        with service_errors():
            inquiry = services.inquiry_create(
                actor=user,
                achievement=_listing(user, values["achievement"]),
                subject=values["subject"],
                body=values["message"],
                organization=_organization(values.get("organization")),
            )
        self.action = "retrieve"
        body = InquiryDetailSerializer(
            self.fresh(inquiry.pk), context=self.get_serializer_context()
        )
        return Response(body.data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=MessageCreateSerializer, responses={**write_errors(), 201: MessageSerializer}
    )
    @action(detail=True, methods=["post"])
    def messages(self, request: Request, pk: str) -> Response:
        """Write in the thread. The enquirer's message leaves it open (waiting for the TTO),
        the TTO's makes it answered; either reopens a closed thread."""
        inquiry = self.acting_on("reply")
        given = MessageCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with service_errors():
            message = services.inquiry_reply(
                actor=cast(User, request.user),
                inquiry=inquiry,
                body=given.validated_data["message"],
            )
        body = MessageSerializer(message, context=self.get_serializer_context())
        return Response(body.data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={**write_errors(), 200: InquiryDetailSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        """Close the thread (either side); a new message opens it again."""
        inquiry = self.acting_on("close")
        with service_errors():
            services.inquiry_close(actor=cast(User, request.user), inquiry=inquiry)
        self.action = "retrieve"
        body = InquiryDetailSerializer(
            self.fresh(inquiry.pk), context=self.get_serializer_context()
        )
        return Response(body.data)


def with_nda_state(requests: QuerySet[AccessRequest]) -> QuerySet[AccessRequest]:
    """The institution's NDA in force and whether this request accepted it, per row."""
    current = Nda.objects.filter(
        institution_id=OuterRef("achievement__institution_id"), is_current=True
    )
    return requests.annotate(
        nda_version=Subquery(current.values("version")[:1]),
        nda_title=Subquery(current.values("title")[:1]),
        nda_accepted=Exists(
            NdaAcceptance.objects.filter(access_request=OuterRef("pk"), nda__is_current=True)
        ),
    )


class AccessRequestViewSet(PartiesViewSet):
    """Requests for listings' confidential documents: yours, and (for a TTO) those to decide.
    Approved access opens the listing's confidential files to the requester until it expires
    or is revoked; with an NDA in force, approval waits for its acceptance."""

    queryset = with_nda_state(
        AccessRequest.objects.select_related(
            "achievement__institution", "requester", "organization"
        )
    )
    serializer_class = AccessRequestSerializer
    filterset_class = AccessRequestFilterSet

    @extend_schema(
        request=AccessRequestCreateSerializer,
        responses={**write_errors(conflict=False), 201: AccessRequestSerializer},
    )
    def create(self, request: Request) -> Response:
        """Ask a published listing's TTO for its confidential documents."""
        given = AccessRequestCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        values = given.validated_data
        user = cast(User, request.user)
        with service_errors():
            created = services.access_request_create(
                actor=user,
                achievement=_listing(user, values["achievement"]),
                purpose=values["purpose"],
                organization=_organization(values.get("organization")),
            )
        return self._answer(created.pk, status.HTTP_201_CREATED)

    def _answer(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        body = AccessRequestSerializer(self.fresh(pk), context=self.get_serializer_context())
        return Response(body.data, status=code)

    @extend_schema(request=None, responses={200: NdaSerializer})
    @action(detail=True, methods=["get"])
    def nda(self, request: Request, pk: str) -> Response:
        """The NDA in force at the listing's institution, to read before accepting it (404 when
        the institution asks for none)."""
        access = self.get_object()
        current = services.current_nda(access.achievement.institution_id)
        if current is None:
            raise exceptions.NotFound(_("This institution does not ask for an NDA."))
        return Response(NdaSerializer(current).data)

    @extend_schema(
        request=NdaAcceptSerializer, responses={**write_errors(), 200: AccessRequestSerializer}
    )
    @action(detail=True, methods=["post"], url_path="accept-nda")
    def accept_nda(self, request: Request, pk: str) -> Response:
        """Accept the NDA version you read; recorded with your name, the time, the version (and
        a hash of its text) and your address."""
        from accounts.throttling import client_address

        access = self.acting_on("accept_nda")
        given = NdaAcceptSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        values = given.validated_data
        shown = Nda.objects.filter(
            institution_id=access.achievement.institution_id, version=values["version"]
        ).first()
        if shown is None:
            raise exceptions.ValidationError({"version": [_("There is no such version.")]})
        with service_errors():
            services.nda_accept(
                actor=cast(User, request.user),
                access_request=access,
                nda=shown,
                signed_name=values["signed_name"],
                ip_address=client_address(request._request),
                user_agent=request.headers.get("User-Agent", ""),
            )
        return self._answer(access.pk)

    @extend_schema(
        request=ApproveSerializer, responses={**write_errors(), 200: AccessRequestSerializer}
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        """Open the listing's confidential files to the requester (optionally until a day)."""
        access = self.acting_on("approve")
        given = ApproveSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with service_errors():
            services.access_request_approve(
                actor=cast(User, request.user),
                access_request=access,
                expires_on=given.validated_data.get("expires_on"),
            )
        return self._answer(access.pk)

    @extend_schema(
        request=ReasonSerializer, responses={**write_errors(), 200: AccessRequestSerializer}
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        access = self.acting_on("decline")
        given = ReasonSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with service_errors():
            services.access_request_decline(
                actor=cast(User, request.user),
                access_request=access,
                reason=given.validated_data["reason"],
            )
        return self._answer(access.pk)

    @extend_schema(
        request=ReasonSerializer, responses={**write_errors(), 200: AccessRequestSerializer}
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str) -> Response:
        """Take approved access back; the documents close at once."""
        access = self.acting_on("revoke")
        given = ReasonSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with service_errors():
            services.access_request_revoke(
                actor=cast(User, request.user),
                access_request=access,
                reason=given.validated_data["reason"],
            )
        return self._answer(access.pk)

    @extend_schema(request=None, responses={**write_errors(), 200: AccessRequestSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        access = self.acting_on("withdraw")
        with service_errors():
            services.access_request_withdraw(actor=cast(User, request.user), access_request=access)
        return self._answer(access.pk)


DAYS = OpenApiParameter(
    "days",
    int,
    enum=list(funnel.WINDOWS),
    description="The last 30, 90 or 365 days, today included (default 30).",
)


class FunnelView(ConditionalReadMixin, APIView):
    permission_classes = [IsAuthenticated]

    def window_days(self, request: Request) -> int:
        with service_errors():
            return funnel.window_of(request.query_params.get("days")).days

    @staticmethod
    def found(pk: int) -> int:
        if pk > MAX_ID:
            raise exceptions.NotFound()
        return pk


class InstitutionFunnelView(FunnelView):
    """An institution's funnel — page views, inquiries, document requests and approvals,
    outcomes — with its most active listings. Its TTO only (403 for everyone else)."""

    @extend_schema(parameters=[DAYS], responses={200: InstitutionFunnelSerializer})
    def get(self, request: Request, pk: int) -> Response:
        days = self.window_days(request)
        institution = object_for(deal_institutions, request.user, "view_funnel", self.found(pk))
        overview = funnel.institution_funnel(user=request.user, institution=institution, days=days)
        return Response(InstitutionFunnelSerializer(overview).data)


class ListingFunnelView(FunnelView):
    """One listing's funnel, with its page views day by day. The listing's TTO only."""

    @extend_schema(parameters=[DAYS], responses={200: ListingFunnelSerializer})
    def get(self, request: Request, pk: int) -> Response:
        days = self.window_days(request)
        listing = object_for(deal_listings, request.user, "view_funnel", self.found(pk))
        figures = funnel.listing_funnel(user=request.user, achievement=listing, days=days)
        body = {
            "achievement": figures.achievement,
            "window": figures.window,
            "totals": figures.totals,
            "daily_views": [{"day": d, "views": v} for d, v in figures.daily_views],
        }
        return Response(ListingFunnelSerializer(body).data)
