from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.generic import RedirectView

from accounts.forms import SetPasswordForm
from accounts.views import language, organizations, profile, signup, tokens

urlpatterns = [
    path("login/", signup.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", language.set_language, name="set_language"),
    path("signup/", signup.signup, name="signup"),
    path("signup/done/", signup.signup_done, name="signup-done"),
    path("confirm/resend/", signup.resend_confirmation, name="resend-confirmation"),
    path("confirm/<str:token>/", signup.confirm_email, name="confirm-email"),
    path("password/reset/", signup.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=SetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(extra_context={"section": "password"}),
        name="password_change",
    ),
    path(
        "password/changed/",
        auth_views.PasswordChangeDoneView.as_view(extra_context={"section": "password"}),
        name="password_change_done",
    ),
    path("", RedirectView.as_view(pattern_name="profile"), name="account"),
    path("profile/", profile.profile, name="profile"),
    path("email/", profile.change_email, name="change-email"),
    path("email/confirm/<str:token>/", profile.confirm_email_change, name="confirm-email-change"),
    path("data/", profile.your_data, name="your-data"),
    path("data/download/", profile.download_data, name="download-data"),
    path("delete/", profile.delete_account, name="delete-account"),
    path("tokens/", tokens.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", tokens.revoke_token, name="revoke-token"),
    path("organisations/", organizations.my_organizations, name="my-organizations"),
    path("organisations/find/", organizations.find_organization, name="find-organization"),
    path(
        "organisations/register/", organizations.register_organization, name="register-organization"
    ),
    path("organisations/<int:pk>/join/", organizations.join_organization, name="join-organization"),
    path(
        "organisations/<int:pk>/manage/",
        organizations.manage_organization,
        name="organization-manage",
    ),
    path("organisations/<int:pk>/invite/", organizations.invite, name="organization-invite"),
    path(
        "memberships/<int:pk>/approve/", organizations.approve_membership, name="membership-approve"
    ),
    path("memberships/<int:pk>/reject/", organizations.reject_membership, name="membership-reject"),
    path("memberships/<int:pk>/role/", organizations.change_role, name="membership-role"),
    path("memberships/<int:pk>/remove/", organizations.remove_membership, name="membership-remove"),
    path(
        "invitations/<int:pk>/withdraw/",
        organizations.withdraw_invitation,
        name="invitation-withdraw",
    ),
    path(
        "invitations/accept/<str:token>/", organizations.accept_invitation, name="invitation-accept"
    ),
]
