"""/api/v1/saved-searches/: the caller's own saved searches (someone else's are a 404).

Reads go through visible_to (portal/rest/viewsets.py); each write is one service call, the
one the pages make.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from matching.saved_searches import services
from matching.saved_searches.api.serializers import (
    SavedSearchInputSerializer,
    SavedSearchSerializer,
)
from matching.saved_searches.models import SavedSearch
from portal.rest.schema import write_errors
from portal.rest.viewsets import VisibleViewSet


def _service_errors(error: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(
            {
                ("non_field_errors" if k == "__all__" else k): v
                for k, v in error.message_dict.items()
            }
        )
    return exceptions.ValidationError({"non_field_errors": error.messages})


class SavedSearchViewSet(VisibleViewSet):
    """Your saved searches. Each is run again for you as often as its frequency says; new
    results arrive as notifications of kind saved-search (/api/v1/notifications/)."""

    permission_classes = [IsAuthenticated]
    queryset = SavedSearch.objects.all()
    serializer_class = SavedSearchSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def _answer(self, saved: SavedSearch, code: int = status.HTTP_200_OK) -> Response:
        body = SavedSearchSerializer(saved, context=self.get_serializer_context()).data
        return Response(body, status=code)

    @extend_schema(
        summary="Save a search",
        description="At most SAVED_SEARCHES_PER_USER (default 20) per person. Results that "
        "exist now are not new: only results published later are notified.",
        request=SavedSearchInputSerializer,
        responses={201: SavedSearchSerializer, **write_errors(conflict=False)},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        given = SavedSearchInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            saved = services.saved_search_create(
                owner=cast(User, request.user), **given.validated_data
            )
        except DjangoValidationError as error:
            raise _service_errors(error) from None
        return self._answer(saved, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Rename, change the search or its frequency, pause or resume",
        description="Only the keys sent change. A changed search, or a resumed one, starts "
        "afresh: results that exist at that moment are not new.",
        request=SavedSearchInputSerializer(partial=True),
        responses={200: SavedSearchSerializer, **write_errors(conflict=False)},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        saved = self.acting_on()
        given = SavedSearchInputSerializer(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        try:
            saved = services.saved_search_update(
                actor=cast(User, request.user), saved_search=saved, **given.validated_data
            )
        except DjangoValidationError as error:
            raise _service_errors(error) from None
        return self._answer(saved)

    @extend_schema(summary="Delete a saved search", responses={204: None})
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        saved = self.acting_on()
        services.saved_search_delete(actor=cast(User, request.user), saved_search=saved)
        return Response(status=status.HTTP_204_NO_CONTENT)
