from django.contrib import admin

from achievements.models import (
    Achievement,
    Disclosure,
    DisclosureInventor,
    Patent,
    PriorDisclosure,
)
from portal.search.admin_indexing import SearchIndexedAdmin


class PatentInline(admin.TabularInline):
    model = Patent
    extra = 0


@admin.register(Achievement)
class AchievementAdmin(SearchIndexedAdmin):
    list_display = ["__str__", "institution", "status", "trl", "published_at"]
    list_filter = ["status", "trl", "ip_status"]
    search_fields = ["title_zh", "title_en", "external_id"]
    autocomplete_fields = ["institution", "created_by", "fields"]
    inlines = [PatentInline]


class InventorInline(admin.TabularInline):
    model = DisclosureInventor
    extra = 0


class PriorDisclosureInline(admin.TabularInline):
    model = PriorDisclosure
    extra = 0


@admin.register(Disclosure)
class DisclosureAdmin(admin.ModelAdmin):
    list_display = ["title", "institution", "submitter", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["title"]
    autocomplete_fields = ["institution", "submitter"]
    inlines = [InventorInline, PriorDisclosureInline]
