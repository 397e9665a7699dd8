from django.contrib import admin

from needs.models import Need
from portal.search.admin_indexing import SearchIndexedAdmin


@admin.register(Need)
class NeedAdmin(SearchIndexedAdmin):
    list_display = ["title", "organization", "status", "deadline", "published_at"]
    list_filter = ["status", "region"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["organization", "created_by", "fields"]
