"""The one base class of every API resource: visibility, lookups and conditional reads.

`get_queryset()` passes the declared queryset through `visible_to(request.user)` here, once, so
no endpoint can forget it. A resource is read-only unless it declares write actions
(`VisibleViewSet`): only the methods a viewset maps are routed, every other one gets 405.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol, cast

from django.db import models, transaction
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.permissions import object_for
from portal.rest import conditional

# PostgreSQL's bigint: a larger id cannot exist, and must be a 404 rather than a database error.
MAX_ID = 2**63 - 1


class VisibleQuerySet(Protocol):
    def visible_to(self, user: Any) -> models.QuerySet[Any]: ...


class ConditionalReadMixin:
    """ETag (and Last-Modified when known) on every successful read; 304 when unchanged."""

    _last_modified: dt.datetime | None = None
    _single_object = False

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if (
            request.method in {"GET", "HEAD"}
            and response.status_code == 200
            and isinstance(response, Response)
        ):
            return conditional.respond(  # type: ignore[return-value]  # a 304 is no Response
                request,
                response,
                last_modified=self._last_modified,
                honour_if_modified_since=self._single_object,
            )
        return response


class VisibleReadOnlyViewSet(ConditionalReadMixin, viewsets.ReadOnlyModelViewSet[Any]):
    """A read-only resource. Reads need no transaction: ATOMIC_REQUESTS is switched off for
    these views, which saves the BEGIN and COMMIT round trips on every request."""

    lookup_value_regex = "[0-9]+"
    atomic_requests = False  # see as_view; read by the exception handler
    # The column whose value is Last-Modified; None for models without one.
    last_modified_field: str | None = "updated_at"
    # Used instead of `queryset` for a single object, to prefetch what only the detail shows.
    detail_queryset: models.QuerySet[Any] | None = None
    # Used instead of `serializer_class` for a single object.
    detail_serializer_class: type[Any] | None = None

    @classmethod
    def as_view(cls, actions: Any = None, **initkwargs: Any) -> Any:
        return transaction.non_atomic_requests(super().as_view(actions, **initkwargs))

    def get_queryset(self) -> models.QuerySet[Any]:
        if self.action == "retrieve" and self.detail_queryset is not None:
            declared = cast(VisibleQuerySet, self.detail_queryset.all())
        else:
            declared = cast(VisibleQuerySet, super().get_queryset())
        return declared.visible_to(self.request.user)

    def get_serializer_class(self) -> type[Any]:
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return super().get_serializer_class()

    def filter_queryset(self, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        if self.action == "retrieve":  # an object is found by its id, whatever the list filters
            return queryset
        return super().filter_queryset(queryset)

    def get_object(self) -> Any:
        lookup = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, "")
        if not str(lookup).isdigit() or int(lookup) > MAX_ID:
            raise NotFound()
        obj = super().get_object()
        self._single_object = True
        self._last_modified = self._modified_at([obj])
        return obj

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        if page is not None:
            self._last_modified = self._modified_at(page)
        return page

    def _modified_at(self, objects: list[Any]) -> dt.datetime | None:
        if self.last_modified_field is None or not objects:
            return None
        return max(getattr(obj, self.last_modified_field) for obj in objects)


class VisibleViewSet(VisibleReadOnlyViewSet):
    """A resource that also takes writes: every write calls exactly one service function.

    Reads stay outside a transaction, as above. A write (POST, PATCH, DELETE) runs in one
    transaction, rolled back when it answers an error, so nothing is ever half-written; the
    services enqueue their emails and tasks on commit.

    Write actions find their object with `acting_on()`: a 404 unless the caller may view it
    (existence is never confirmed to anyone else). Whether they may do the action is then the
    service's decision, as on the pages: PermissionDenied (the wrong person) is a 403,
    TransitionNotAllowed (the right person, the wrong state) a 409 `transition_not_allowed`.
    """

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        # Read by the exception handler: roll back only what this request began.
        self.atomic_requests = request.method not in SAFE_METHODS
        if not self.atomic_requests:
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            return super().dispatch(request, *args, **kwargs)

    def acting_on(self) -> Any:
        """The object a write acts on, if the caller may view it (else 404)."""
        lookup = str(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, ""))
        if not lookup.isdigit() or int(lookup) > MAX_ID:
            raise NotFound()
        model: Any = self.get_queryset().model  # a lazy queryset: no query
        return object_for(model.objects, self.request.user, "view", int(lookup))
