"""Notifications and preferences in the API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from matching.notifications.messages import message_for
from matching.notifications.models import Notification
from matching.notifications.targets import is_confidential, text_in, visible_keys
from matching.notifications.vocabulary import Delivery, Kind
from portal.rest.inputs import StrictBooleanField, StrictChoiceField
from portal.rest.serializers import ReadOnlyModelSerializer


def _available(notification: Notification, context: Mapping[str, Any]) -> bool:
    """May the reader still see what it is about? One query per page (the view's cache)."""
    cache: set[tuple[int, int]] | None = context.get("visible")
    key = (notification.content_type_id, notification.object_id)
    if cache is None:
        request = context["request"]
        return key in visible_keys(user=request.user, keys=[key])
    return key in cache


class NotificationSerializer(ReadOnlyModelSerializer):
    """One notification. Title, summary and link only while the reader may still see the
    object (else `available` is false and they are null), as in the inbox page."""

    url = serializers.HyperlinkedIdentityField(view_name="api:notification-detail")
    read = serializers.SerializerMethodField(help_text="Whether it has been read.")
    available = serializers.SerializerMethodField(
        help_text="False when the object is no longer visible to you (withdrawn, archived…)."
    )
    target = serializers.SerializerMethodField(help_text="What it is about: type and id.")
    title = serializers.SerializerMethodField(help_text="In the request's language.")
    summary = serializers.SerializerMethodField()
    message = serializers.SerializerMethodField(help_text="A sentence saying what happened.")
    link = serializers.SerializerMethodField(help_text="The object's page on the portal.")

    class Meta:
        model = Notification
        fields = [
            "id",
            "url",
            "kind",
            "read",
            "available",
            "target",
            "title",
            "summary",
            "message",
            "link",
            "created_at",
            "read_at",
        ]
        read_only_fields = fields

    def _language(self) -> str:
        return get_language() or settings.LANGUAGE_CODE

    def get_read(self, notification: Notification) -> bool:
        return notification.read_at is not None

    def get_available(self, notification: Notification) -> bool:
        return _available(notification, self.context)

    @extend_schema_field(
        {
            "type": "object",
            "required": ["type", "id"],
            "properties": {
                "type": {"type": "string", "description": 'e.g. "achievements.achievement"'},
                "id": {"type": "integer"},
            },
        }
    )
    def get_target(self, notification: Notification) -> Any:
        content_type = notification.content_type
        return {
            "type": f"{content_type.app_label}.{content_type.model}",
            "id": notification.object_id,
        }

    @extend_schema_field({"type": "string", "nullable": True})
    def get_title(self, notification: Notification) -> Any:
        if not _available(notification, self.context):
            return None
        return text_in(notification.payload or {}, "title", self._language()) or None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_summary(self, notification: Notification) -> Any:
        if not _available(notification, self.context):
            return None
        return text_in(notification.payload or {}, "summary", self._language()) or None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_message(self, notification: Notification) -> Any:
        if not _available(notification, self.context) or is_confidential(
            notification.content_type.model_class()
        ):
            return None
        payload = notification.payload or {}
        title = text_in(payload, "title", self._language())
        return message_for(kind=notification.kind, payload=payload, title=title) or None

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_link(self, notification: Notification) -> Any:
        """The object's page, or the portal's "open" address (marks it read, then goes to the
        object); null when the object is no longer visible."""
        if not _available(notification, self.context):
            return None
        path = str((notification.payload or {}).get("url") or "")
        if not path.startswith("/") or path.startswith("//"):
            path = reverse("notifications:open", args=[notification.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class UnreadCountSerializer(serializers.Serializer[Any]):
    unread = serializers.IntegerField(help_text="Unread notifications (the header's count).")


class MarkedReadSerializer(serializers.Serializer[Any]):
    marked_read = serializers.IntegerField(help_text="How many were unread and are now read.")


class KindDeliveriesSerializer(serializers.Serializer[Any]):
    """One delivery per kind of notification."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {
            kind.value: StrictChoiceField(
                choices=Delivery.choices, required=False, help_text=str(kind.label)
            )
            for kind in Kind
        }


class PreferencesSerializer(serializers.Serializer[Any]):
    kinds = KindDeliveriesSerializer(
        help_text="How you hear about each kind: instant (email at once), daily or weekly "
        "(digest email), in-app (inbox only) or off. Kinds left out keep their setting."
    )
    email_opt_out = StrictBooleanField(
        help_text="No notification emails at all; the inbox keeps everything."
    )
