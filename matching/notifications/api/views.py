"""/api/v1/notifications/ (the caller's inbox) and /api/v1/me/notification-preferences/.

Reads go through Notification.objects.visible_to(user): one's own notifications, except the
kinds switched off; anyone else's is a 404. Marking read is the service the inbox page calls.
"""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from matching.notifications.api.serializers import (
    MarkedReadSerializer,
    NotificationSerializer,
    PreferencesSerializer,
    UnreadCountSerializer,
)
from matching.notifications.filtersets import NotificationFilterSet
from matching.notifications.models import Notification
from matching.notifications.preferences import preferences_of, preferences_set
from matching.notifications.services import notification_mark_read, notifications_mark_all_read
from matching.notifications.targets import visible_keys
from portal.rest.schema import write_errors
from portal.rest.viewsets import MAX_ID, VisibleViewSet


class NotificationViewSet(VisibleViewSet):
    """Your notifications, newest first (filters: status=unread|read, kind)."""

    permission_classes = [IsAuthenticated]
    queryset = Notification.objects.select_related("content_type")
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilterSet
    last_modified_field = None  # reading one changes it, and it has no "updated" column
    _visible: set[tuple[int, int]] | None = None

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        if page is not None:  # titles only for what the reader may still see: one check a page
            self._visible = visible_keys(
                user=self.request.user, keys=[(n.content_type_id, n.object_id) for n in page]
            )
        return page

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        if self._visible is not None:
            context["visible"] = self._visible
        return context

    def _one(self, notification: Notification) -> Response:
        fresh = self.get_queryset().get(pk=notification.pk)
        return Response(NotificationSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Mark one notification read",
        request=None,
        responses={200: NotificationSerializer, **write_errors(conflict=False)},
    )
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str) -> Response:
        if not pk.isdigit() or int(pk) > MAX_ID:
            raise NotFound()
        try:
            notification = notification_mark_read(user=request.user, notification_id=int(pk))
        except Notification.DoesNotExist:  # someone else's, or none: the same answer
            raise NotFound() from None
        return self._one(notification)

    @extend_schema(
        summary="Mark all your notifications read",
        request=None,
        responses={200: MarkedReadSerializer, **write_errors(conflict=False)},
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        return Response({"marked_read": notifications_mark_all_read(user=request.user)})

    @extend_schema(
        summary="How many of your notifications are unread",
        filters=False,
        responses={200: UnreadCountSerializer},
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="unread-count",
        filterset_class=None,
        pagination_class=None,
    )
    def unread_count(self, request: Request) -> Response:
        return Response({"unread": Notification.objects.visible_to(request.user).unread().count()})


class NotificationPreferencesView(APIView):
    """How the caller hears about each kind of notification, and the all-email switch (the
    notification settings page)."""

    permission_classes = [IsAuthenticated]

    def _body(self, user: User) -> dict[str, Any]:
        preferences = preferences_of(user)
        return {
            "kinds": {kind: str(delivery) for kind, delivery in preferences.by_kind.items()},
            "email_opt_out": preferences.email_opt_out,
        }

    @extend_schema(responses=PreferencesSerializer, operation_id="me_notification_preferences")
    def get(self, request: Request) -> Response:
        return Response(self._body(cast(User, request.user)))

    @extend_schema(
        request=PreferencesSerializer,
        responses={200: PreferencesSerializer, **write_errors(conflict=False)},
        operation_id="me_notification_preferences_update",
        summary="Change how you hear about each kind",
    )
    def put(self, request: Request) -> Response:
        user = cast(User, request.user)
        given = PreferencesSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        preferences_set(
            user=user,
            by_kind=dict(given.validated_data["kinds"]),
            email_opt_out=given.validated_data["email_opt_out"],
        )
        return Response(self._body(user))
