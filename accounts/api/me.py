"""`me`: the signed-in caller, their memberships and roles; PATCH changes their profile."""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.organizations import OrganizationBriefSerializer
from accounts.models import Membership, User
from accounts.services import user_update_profile
from portal.rest.inputs import InputModelSerializer
from portal.rest.schema import write_errors
from portal.rest.serializers import ReadOnlyModelSerializer
from portal.rest.viewsets import ConditionalReadMixin


class MembershipSerializer(ReadOnlyModelSerializer):
    organization = OrganizationBriefSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["organization", "role", "status"]
        read_only_fields = fields


class MeSerializer(ReadOnlyModelSerializer):
    is_moderator = serializers.BooleanField(read_only=True)
    memberships = serializers.SerializerMethodField()
    expert_profile = serializers.SerializerMethodField(
        help_text="Id of the caller's expert profile, or null."
    )

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "display_name",
            "preferred_language",
            "is_moderator",
            "is_staff",
            "memberships",
            "expert_profile",
        ]
        read_only_fields = fields

    @extend_schema_field(MembershipSerializer(many=True))
    def get_memberships(self, user: User) -> Any:
        memberships = (
            Membership.objects.filter(user=user)
            .select_related("organization")
            .order_by("created_at", "id")
        )
        return MembershipSerializer(memberships, many=True).data

    def get_expert_profile(self, user: User) -> int | None:
        from experts.models import Expert

        return Expert.objects.filter(user=user).values_list("pk", flat=True).first()


class ProfileSerializer(InputModelSerializer):
    """What the caller may change about themself here (the email address changes through the
    portal's pages, with a confirmation link)."""

    class Meta:
        model = User
        fields = ["display_name", "preferred_language"]


class MeView(ConditionalReadMixin, APIView):
    """The caller's own account. Needs authentication (session or API token)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer, operation_id="me_retrieve")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = cast(User, request.user)  # IsAuthenticated
        return Response(MeSerializer(user, context={"request": request}).data)

    @extend_schema(
        request=ProfileSerializer,
        responses={200: MeSerializer, **write_errors(conflict=False)},
        operation_id="me_partial_update",
        summary="Change your display name or preferred language",
    )
    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = cast(User, request.user)
        data = ProfileSerializer(user, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = data.validated_data
        user = user_update_profile(
            user=user,
            display_name=changes.get("display_name", user.display_name),
            preferred_language=changes.get("preferred_language", user.preferred_language),
        )
        return Response(MeSerializer(user, context={"request": request}).data)
