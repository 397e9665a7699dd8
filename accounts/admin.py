from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import services
from accounts.models import ApiToken, Invitation, Membership, Organization, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "display_name",
        "preferred_language",
        "email_verified_at",
        "is_staff",
        "is_active",
    ]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "preferred_language"]
    search_fields = ["email", "display_name"]
    readonly_fields = ["last_login", "date_joined", "email_verified_at", "pending_email"]
    fieldsets = (
        (None, {"fields": ("email", "password", "email_verified_at", "pending_email")}),
        (_("Profile"), {"fields": ("display_name", "preferred_language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at", "decided_at", "decided_by"]
    fk_name = "organization"


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_zh", "kind", "region", "verified", "created_at"]
    list_filter = ["verified", "kind", "region"]
    search_fields = ["name_en", "name_zh", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    # Verification goes through the action, so it is audited; the flag is not edited by hand.
    readonly_fields = ["verified", "verified_at"]
    inlines = [MembershipInline]
    actions = ["verify"]

    def save_model(self, request: HttpRequest, obj: Organization, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and {"name_zh", "name_en"} & set(form.changed_data):
            from portal.search import reindex_organization

            reindex_organization(obj.pk)  # the name is in its listings' text and facets

    @admin.action(description=_("Verify the selected organisations"))
    def verify(self, request: HttpRequest, queryset: QuerySet[Organization]) -> None:
        done = 0
        for organization in queryset.filter(verified=False):
            services.organization_verify(actor=request.user, organization=organization)  # type: ignore[arg-type]
            done += 1
        self.message_user(
            request,
            ngettext("%(count)d organisation verified.", "%(count)d organisations verified.", done)
            % {"count": done},
            messages.SUCCESS,
        )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "status", "created_at", "decided_at"]
    list_filter = ["status", "role"]
    search_fields = ["user__email", "organization__name_en", "organization__name_zh"]
    autocomplete_fields = ["user", "organization"]
    readonly_fields = ["created_at", "decided_at", "decided_by"]
    actions = ["approve", "reject"]

    def _decide(self, request: HttpRequest, queryset: QuerySet[Membership], approve: bool) -> None:
        done = 0
        for membership in queryset.filter(status=Membership.Status.PENDING):
            try:
                if approve:
                    services.membership_approve(actor=request.user, membership=membership)  # type: ignore[arg-type]
                else:
                    services.membership_reject(actor=request.user, membership=membership)  # type: ignore[arg-type]
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"{membership}: {error}", messages.ERROR)
            else:
                done += 1
        self.message_user(
            request,
            ngettext("%(count)d request decided.", "%(count)d requests decided.", done)
            % {"count": done},
            messages.SUCCESS,
        )

    @admin.action(description=_("Approve the selected requests"))
    def approve(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        self._decide(request, queryset, approve=True)

    @admin.action(description=_("Decline the selected requests"))
    def reject(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        self._decide(request, queryset, approve=False)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organization", "role", "created_at", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    search_fields = ["email", "organization__name_en", "organization__name_zh"]
    readonly_fields = [
        "organization",
        "email",
        "role",
        "invited_by",
        "created_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # invitations are sent from the organisation page, which emails the link


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Metadata only: the key is never stored, so it can be neither shown nor recovered."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    search_fields = ["user__email", "name", "prefix"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    exclude = ["key_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            services.api_token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]
