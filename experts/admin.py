from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from experts.models import Assessment, Expert
from matching import engine as match_engine
from portal.search.admin_indexing import SearchIndexedAdmin


@admin.register(Expert)
class ExpertAdmin(SearchIndexedAdmin):
    list_display = ["__str__", "organization", "title", "visibility", "is_active"]
    list_filter = ["visibility", "is_active", "available_for_evaluation"]
    search_fields = ["name_zh", "name_en", "keywords"]
    autocomplete_fields = ["user", "organization", "managed_by", "fields"]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # Saved active: its matches are recomputed; deactivated: they are dropped.
        match_engine.schedule_if_matchable(form.instance)


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "published", "trl", "recommendation", "requested_at"]
    list_filter = ["status", "published", "recommendation"]
    autocomplete_fields = ["achievement", "expert", "requested_by", "submitted_by"]
    readonly_fields = ["requested_at", "submitted_at", "published_at"]
