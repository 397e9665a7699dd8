"""Every write and state change of accounts, organisations, memberships and API tokens.

Callers import from here: `from accounts import services; services.user_sign_up(...)`.
"""

from accounts.services.invitations import invitation_accept, invitation_send, invitation_withdraw
from accounts.services.memberships import (
    membership_approve,
    membership_change_role,
    membership_reject,
    membership_remove,
    membership_request,
)
from accounts.services.organizations import organization_register, organization_verify
from accounts.services.tokens import api_token_create, api_token_revoke, api_token_touch
from accounts.services.users import (
    user_confirm_email,
    user_confirm_email_change,
    user_delete,
    user_request_email_change,
    user_resend_confirmation,
    user_sign_up,
    user_update_profile,
)

__all__ = [
    "api_token_create",
    "api_token_revoke",
    "api_token_touch",
    "invitation_accept",
    "invitation_send",
    "invitation_withdraw",
    "membership_approve",
    "membership_change_role",
    "membership_reject",
    "membership_remove",
    "membership_request",
    "organization_register",
    "organization_verify",
    "user_confirm_email",
    "user_confirm_email_change",
    "user_delete",
    "user_request_email_change",
    "user_resend_confirmation",
    "user_sign_up",
    "user_update_profile",
]
