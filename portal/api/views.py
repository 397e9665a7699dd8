"""The field taxonomy and the open-data exports in the API."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api.serializers import FieldSerializer
from portal.filtersets import FieldFilterSet
from portal.models import Field
from portal.opendata.datapackage import descriptor
from portal.opendata.registry import tables
from portal.opendata.writers import WRITERS
from portal.rest.throttling import ExportRateThrottle
from portal.rest.viewsets import ConditionalReadMixin, VisibleReadOnlyViewSet


class FieldViewSet(VisibleReadOnlyViewSet):
    """The field taxonomy (OECD Fields of Science and Technology), in both languages."""

    queryset = Field.objects.select_related("parent")
    serializer_class = FieldSerializer
    filterset_class = FieldFilterSet
    last_modified_field = None


def _in_one_transaction(chunks: Iterator[bytes]) -> Iterator[bytes]:
    # The response is streamed after the view's own transaction has ended; a transaction of
    # its own lets the server-side cursor stream rows instead of materialising them WITH HOLD.
    with transaction.atomic():
        yield from chunks


EXPORT_TABLES = ["organizations", "achievements", "needs", "experts"]


class ExportView(APIView):
    """Every public row of a table, streamed as CSV or JSON Lines.

    The columns are described in /api/v1/export/datapackage.json and in docs/api.md; arrays are
    JSON text in CSV cells, times are UTC. Exports have their own, lower rate limit.
    """

    permission_classes = [AllowAny]
    throttle_classes = [ExportRateThrottle]

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # The format is in the path, not the Accept header: never a 406.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        operation_id="export_table",
        parameters=[
            OpenApiParameter("table", str, OpenApiParameter.PATH, enum=EXPORT_TABLES),
            OpenApiParameter("file_format", str, OpenApiParameter.PATH, enum=sorted(WRITERS)),
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV, with header"),
            (200, "application/jsonl"): OpenApiResponse(
                OpenApiTypes.STR, description="One JSON object per line"
            ),
        },
        tags=["open data"],
    )
    def get(self, request: Request, table: str, file_format: str) -> StreamingHttpResponse:
        chunks, content_type = WRITERS[file_format]
        response = StreamingHttpResponse(
            _in_one_transaction(chunks(tables()[table])), content_type=content_type
        )
        filename = f"keqiao-{table}-{timezone.localdate().isoformat()}.{file_format}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class DataPackageView(ConditionalReadMixin, APIView):
    """The Frictionless Data descriptor of the exports: tables, typed columns, licence.

    Its resources point at the CSV exports; `manage.py export_open_data DIR` writes the same
    descriptor next to a dated dump of the files.
    """

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="export_datapackage",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="datapackage.json")},
        tags=["open data"],
    )
    def get(self, request: Request) -> Response:
        resources = [
            {
                "name": table.name,
                "title": table.title,
                "description": table.description,
                "path": request.build_absolute_uri(
                    reverse("api:export", kwargs={"table": table.name, "file_format": "csv"})
                ),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table.schema(),
            }
            for table in tables().values()
        ]
        return Response(descriptor(resources, created=None))
