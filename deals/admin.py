"""Deals in the admin site: for repairs and support. NDA acceptances are a record: read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from deals.models import AccessRequest, Inquiry, Message, Nda, NdaAcceptance, Outcome


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    readonly_fields = ["author", "side", "created_at"]


@admin.register(Inquiry)
class InquiryAdmin(admin.ModelAdmin):
    list_display = ["subject", "achievement", "sender", "organization", "status", "last_message_at"]
    list_filter = ["status"]
    search_fields = ["subject", "sender__email"]
    raw_id_fields = ["achievement", "sender", "organization"]
    inlines = [MessageInline]


class NdaAcceptanceInline(admin.TabularInline):
    model = NdaAcceptance
    extra = 0
    can_delete = False
    readonly_fields = [
        "nda",
        "user",
        "signed_name",
        "email",
        "organization_name",
        "accepted_at",
        "ip_address",
        "user_agent",
        "text_sha256",
    ]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AccessRequest)
class AccessRequestAdmin(admin.ModelAdmin):
    list_display = ["achievement", "requester", "status", "created_at", "decided_at", "expires_at"]
    list_filter = ["status"]
    search_fields = ["requester__email"]
    raw_id_fields = ["achievement", "requester", "organization", "decided_by"]
    inlines = [NdaAcceptanceInline]


@admin.register(Nda)
class NdaAdmin(admin.ModelAdmin):
    list_display = ["institution", "version", "title", "is_current", "created_at", "retired_at"]
    list_filter = ["is_current"]
    raw_id_fields = ["institution", "created_by"]
    readonly_fields = ["version", "text"]  # a published version never changes


@admin.register(NdaAcceptance)
class NdaAcceptanceAdmin(admin.ModelAdmin):
    list_display = ["signed_name", "email", "nda", "accepted_at", "ip_address"]
    search_fields = ["email", "signed_name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["achievement", "kind", "counterparty_name", "signed_on", "status"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["achievement", "counterparty_organization", "recorded_by"]
