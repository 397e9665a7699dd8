from django.urls import path

from achievements.views import disclosures, files, imports, listings

urlpatterns = [
    path("", listings.achievement_list, name="achievement-list"),
    path("manage/", listings.achievement_manage, name="achievement-manage"),
    path("new/", listings.achievement_create, name="achievement-create"),
    path("<int:pk>/", listings.achievement_detail, name="achievement-detail"),
    path("<int:pk>/edit/", listings.achievement_edit, name="achievement-edit"),
    path("<int:pk>/history/", listings.achievement_history, name="achievement-history"),
    path("<int:pk>/files/", listings.achievement_files, name="achievement-files"),
    path("<int:pk>/files/<int:file_pk>/", files.achievement_file, name="achievement-file"),
    path(
        "<int:pk>/files/<int:file_pk>/delete/",
        listings.achievement_file_delete,
        name="achievement-file-delete",
    ),
    path("<int:pk>/<slug:action>/", listings.achievement_action, name="achievement-action"),
    path("disclosures/", disclosures.disclosure_list, name="disclosure-list"),
    path("disclosures/new/", disclosures.disclosure_create, name="disclosure-create"),
    path("disclosures/<int:pk>/", disclosures.disclosure_detail, name="disclosure-detail"),
    path("disclosures/<int:pk>/edit/", disclosures.disclosure_edit, name="disclosure-edit"),
    path(
        "disclosures/<int:pk>/history/", disclosures.disclosure_history, name="disclosure-history"
    ),
    path(
        "disclosures/<int:pk>/attachments/<int:file_pk>/",
        files.disclosure_attachment,
        name="disclosure-attachment",
    ),
    path(
        "disclosures/<int:pk>/<slug:action>/",
        disclosures.disclosure_action,
        name="disclosure-action",
    ),
    path("import/", imports.import_start, name="import-start"),
    path("import/<int:pk>/", imports.import_job, name="import-job"),
    path("import/<int:pk>/status/", imports.import_status, name="import-status"),
    path("import/<int:pk>/confirm/", imports.import_confirm, name="import-confirm"),
    path("import/<int:pk>/cancel/", imports.import_cancel, name="import-cancel"),
    path("import/<int:pk>/problems.csv", imports.import_errors, name="import-errors"),
    path("import/<int:pk>/report.csv", imports.import_report, name="import-report"),
    path("export/", imports.export_listings, name="achievement-export"),
]
