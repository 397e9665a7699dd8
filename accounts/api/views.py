"""Obtaining, listing and revoking personal API tokens."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, permissions, status
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.serializers import ApiTokenSerializer, NewTokenSerializer, ObtainTokenSerializer
from accounts.lockout import lockout_response
from accounts.models import ApiToken, User
from accounts.permissions import object_for
from accounts.services import api_token_create, api_token_revoke
from accounts.throttling import over_limit, retry_after


def _new_token_response(user: User, name: str) -> Response:
    try:
        token, key = api_token_create(
            user=user, name=name or _("API token of %(date)s") % {"date": timezone.localdate()}
        )
    except ValidationError as error:
        raise ApiValidationError(error.message_dict) from None
    body = {**ApiTokenSerializer(token).data, "key": key}
    return Response(body, status=status.HTTP_201_CREATED)


@method_decorator(sensitive_post_parameters("password"), name="dispatch")
class ObtainTokenView(APIView):
    """POST email + password (+ optional name): a new personal token; the key is shown once."""

    authentication_classes: list[Any] = []  # credentials are in the body; no session, no CSRF
    permission_classes = [permissions.AllowAny]
    # JSON like the rest of the API, and also a plain form post (curl -d email=… -d password=…).
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    # Outside ATOMIC_REQUESTS: a refused attempt must stay recorded (django-axes counts it)
    # although the answer is an error. Read by the API's exception handler.
    atomic_requests = False

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Any:
        return transaction.non_atomic_requests(super().as_view(**initkwargs))

    @extend_schema(request=ObtainTokenSerializer, responses={201: ApiTokenSerializer})
    @sensitive_variables("password", "key")
    def post(self, request: Request) -> Response:
        if over_limit(request._request, scope="login"):
            raise exceptions.Throttled(
                wait=retry_after(),
                detail=_("Too many sign-in attempts from your address. Wait a moment."),
            )
        serializer = ObtainTokenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        email = serializer.validated_data["email"].strip().lower()
        password = serializer.validated_data["password"]
        user = authenticate(request._request, username=email, password=password)
        if getattr(request._request, "axes_locked_out", False):
            return lockout_response(request._request)  # type: ignore[return-value]
        if user is None:
            raise ApiValidationError(
                {"non_field_errors": [_("The email address or password is not correct.")]}
            )
        return _new_token_response(user, serializer.validated_data["name"])


class TokenListView(generics.ListCreateAPIView[ApiToken]):
    """The signed-in user's tokens (never their keys); POST a name to create another."""

    serializer_class = ApiTokenSerializer
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = None

    def get_queryset(self) -> QuerySet[ApiToken]:
        return ApiToken.objects.visible_to(self.request.user)

    @extend_schema(request=NewTokenSerializer, responses={201: ApiTokenSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = NewTokenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return _new_token_response(cast(User, request.user), serializer.validated_data["name"])


class TokenDetailView(generics.RetrieveDestroyAPIView[ApiToken]):
    """One of the user's tokens; DELETE revokes it (it stays listed, marked revoked)."""

    serializer_class = ApiTokenSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[ApiToken]:
        return ApiToken.objects.visible_to(self.request.user)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        token = object_for(ApiToken.objects, request.user, "revoke", kwargs["pk"])
        api_token_revoke(actor=cast(User, request.user), token=token)  # IsAuthenticated
        return Response(status=status.HTTP_204_NO_CONTENT)
