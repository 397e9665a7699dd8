from django.contrib import admin

from experts.models import Expert
from portal.search.admin_indexing import SearchIndexedAdmin


@admin.register(Expert)
class ExpertAdmin(SearchIndexedAdmin):
    list_display = ["__str__", "organization", "title", "visibility", "is_active"]
    list_filter = ["visibility", "is_active", "available_for_evaluation"]
    search_fields = ["name_zh", "name_en", "keywords"]
    autocomplete_fields = ["user", "organization", "managed_by", "fields"]
