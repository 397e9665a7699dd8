from django.contrib import admin

from needs.models import Need


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "status", "deadline", "published_at"]
    list_filter = ["status", "region"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["organization", "created_by", "fields"]
