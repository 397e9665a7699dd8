from django.urls import path, register_converter
from rest_framework.routers import SimpleRouter

from portal.api.views import EXPORT_TABLES, DataPackageView, ExportView, FieldViewSet
from portal.opendata.writers import WRITERS


class ExportTableConverter:
    regex = "|".join(EXPORT_TABLES)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class ExportFormatConverter(ExportTableConverter):
    regex = "|".join(sorted(WRITERS))


register_converter(ExportTableConverter, "export_table")
register_converter(ExportFormatConverter, "export_format")

router = SimpleRouter()
router.register("fields", FieldViewSet, basename="field")

urlpatterns = [
    *router.urls,
    path("export/datapackage.json", DataPackageView.as_view(), name="export-datapackage"),
    path(
        "export/<export_table:table>.<export_format:file_format>",
        ExportView.as_view(),
        name="export",
    ),
]
