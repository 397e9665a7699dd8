from django.contrib import admin

from portal.models import AuditLogEntry, Field


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_zh", "scheme", "parent"]
    list_filter = ["scheme", "depth"]
    search_fields = ["code", "name_en", "name_zh"]


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is written by services, never edited."""

    list_display = ["created_at", "actor", "content_type", "object_id", "action", "to_state"]
    list_filter = ["action", "content_type"]
    search_fields = ["reason"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
