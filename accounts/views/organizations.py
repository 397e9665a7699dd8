"""Organisation pages: yours, find and join, register, manage members, invitations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import links, services
from accounts.models import Invitation, Membership, Organization
from accounts.organization_forms import (
    InvitationForm,
    OrganizationRegistrationForm,
    OrganizationSearchForm,
    RejectionForm,
    RoleForm,
    role_choices,
)
from accounts.permissions import object_for
from accounts.requests import AuthenticatedHttpRequest
from accounts.services.invitations import invitation_from_token


def _errors_to_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def my_organizations(request: AuthenticatedHttpRequest) -> HttpResponse:
    memberships = (
        Membership.objects.visible_to(request.user)
        .filter(user=request.user)
        .select_related("organization")
        .order_by("created_at")
    )
    managed = Organization.objects.restrict(request.user, "manage_members")
    return render(
        request,
        "accounts/organizations.html",
        {"memberships": memberships, "managed": managed, "section": "organizations"},
    )


@login_required
def find_organization(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = OrganizationSearchForm(request.GET or None)
    results: list[tuple[Organization, list[tuple[str, str]]]] = []
    if form.is_valid() and form.cleaned_data["q"].strip():
        query = form.cleaned_data["q"].strip()
        found = Organization.objects.visible_to(request.user).filter(
            Q(name_zh__icontains=query) | Q(name_en__icontains=query) | Q(slug__icontains=query)
        )[:20]
        results = [(org, role_choices(org, joining=True)) for org in found]
    return render(
        request,
        "accounts/find_organization.html",
        {"form": form, "results": results, "section": "organizations"},
    )


@login_required
@require_POST
def join_organization(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organization = object_for(Organization.objects, request.user, "view", pk)
    form = RoleForm(request.POST, organization=organization, joining=True)
    if not form.is_valid():
        messages.error(request, _("Choose a role to ask for."))
        return redirect("find-organization")
    try:
        services.membership_request(
            user=request.user, organization=organization, role=form.cleaned_data["role"]
        )
    except ValidationError as error:
        _errors_to_messages(request, error)
        return redirect("my-organizations")
    messages.success(
        request,
        _("You asked to join %(name)s. Its managers have been told; you will get an email.")
        % {"name": organization},
    )
    return redirect("my-organizations")


@login_required
def register_organization(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = OrganizationRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.organization_register(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("%(name)s is registered, and you manage it. An administrator will verify it.")
                % {"name": organization},
            )
            return redirect("organization-manage", pk=organization.pk)
    return render(
        request, "accounts/register_organization.html", {"form": form, "section": "organizations"}
    )


@login_required
def manage_organization(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organization = object_for(Organization.objects, request.user, "manage_members", pk)
    memberships = (
        Membership.objects.visible_to(request.user)
        .filter(organization=organization)
        .select_related("user")
        .order_by("user__email")
    )
    return render(
        request,
        "accounts/manage_organization.html",
        {
            "organization": organization,
            "pending": [m for m in memberships if m.status == Membership.Status.PENDING],
            "members": [m for m in memberships if m.status == Membership.Status.ACTIVE],
            "roles": role_choices(organization, joining=False),
            "invitations": Invitation.objects.visible_to(request.user)
            .open()
            .filter(organization=organization),
            "invite_form": InvitationForm(organization=organization, joining=False),
            "reject_form": RejectionForm(),
            "section": "organizations",
        },
    )


def _membership_for(request: AuthenticatedHttpRequest, pk: int, action: str) -> Membership:
    queryset = Membership.objects.select_related("organization", "user")
    membership: Membership = object_for(queryset, request.user, action, pk)
    return membership


def _back(membership: Membership) -> HttpResponse:
    return redirect("organization-manage", pk=membership.organization_id)


@login_required
@require_POST
def approve_membership(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = _membership_for(request, pk, "decide")
    services.membership_approve(actor=request.user, membership=membership)
    messages.success(request, _("%(name)s is now a member.") % {"name": membership.user})
    return _back(membership)


@login_required
@require_POST
def reject_membership(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = _membership_for(request, pk, "decide")
    form = RejectionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.membership_reject(actor=request.user, membership=membership, reason=reason)
    messages.success(request, _("The request of %(name)s is declined.") % {"name": membership.user})
    return _back(membership)


@login_required
@require_POST
def change_role(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = _membership_for(request, pk, "edit")
    form = RoleForm(request.POST, organization=membership.organization, joining=False)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles of this organisation."))
        return _back(membership)
    try:
        services.membership_change_role(
            actor=request.user, membership=membership, role=form.cleaned_data["role"]
        )
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        messages.success(request, _("The role is changed."))
    return _back(membership)


@login_required
@require_POST
def remove_membership(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = _membership_for(request, pk, "remove")
    leaving = membership.user_id == request.user.pk
    try:
        services.membership_remove(actor=request.user, membership=membership)
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        messages.success(
            request, _("You left the organisation.") if leaving else _("The member is removed.")
        )
    if leaving:
        return redirect("my-organizations")
    return _back(membership)


@login_required
@require_POST
def invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organization = object_for(Organization.objects, request.user, "manage_members", pk)
    form = InvitationForm(request.POST, organization=organization, joining=False)
    if form.is_valid():
        try:
            services.invitation_send(
                actor=request.user,
                organization=organization,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            _errors_to_messages(request, error)
        else:
            messages.success(
                request,
                _("The invitation is on its way to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
    else:
        for field, field_errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for message in field_errors:
                messages.error(request, f"{label}: {message}" if label else str(message))
    return redirect("organization-manage", pk=organization.pk)


@login_required
@require_POST
def withdraw_invitation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invitation = object_for(Invitation.objects, request.user, "withdraw", pk)
    services.invitation_withdraw(actor=request.user, invitation=invitation)
    messages.success(request, _("The invitation is withdrawn."))
    return redirect("organization-manage", pk=invitation.organization_id)


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = invitation_from_token(token)
    except links.LinkError as error:
        return render(request, "accounts/link_problem.html", {"message": error.message}, status=400)
    if not request.user.is_authenticated:
        return render(
            request,
            "accounts/invitation.html",
            {"invitation": invitation, "login_url": reverse("login") + "?next=" + request.path},
        )
    if request.method == "POST":
        try:
            membership = services.invitation_accept(user=request.user, token=token)
        except links.LinkError as error:
            return render(
                request, "accounts/link_problem.html", {"message": error.message}, status=400
            )
        messages.success(request, _("Welcome to %(name)s.") % {"name": membership.organization})
        return redirect("dashboard")
    return render(request, "accounts/invitation.html", {"invitation": invitation})
