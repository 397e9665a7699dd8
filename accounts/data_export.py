"""Everything the portal holds about one person, for "download your data" (a read, no writes)."""

from __future__ import annotations

from typing import Any

from accounts.models import ApiToken, Invitation, Membership, User


def personal_data(user: User) -> dict[str, Any]:
    from achievements.models import Achievement, Disclosure
    from experts.models import Expert
    from needs.models import Need

    expert = Expert.objects.filter(user=user).first()
    return {
        "profile": {
            "email": user.email,
            "pending_email": user.pending_email,
            "display_name": user.display_name,
            "preferred_language": user.preferred_language,
            "date_joined": user.date_joined,
            "email_confirmed_at": user.email_verified_at,
            "last_login": user.last_login,
        },
        "memberships": [
            {
                "organization": membership.organization.name,
                "organization_id": membership.organization_id,
                "role": membership.role,
                "status": membership.status,
                "requested_at": membership.created_at,
                "decided_at": membership.decided_at,
            }
            for membership in Membership.objects.filter(user=user).select_related("organization")
        ],
        "invitations_accepted": list(
            Invitation.objects.filter(accepted_by=user).values(
                "organization_id", "role", "accepted_at"
            )
        ),
        # Metadata only: keys are never stored, so they cannot be exported either.
        "api_tokens": list(
            ApiToken.objects.filter(user=user).values(
                "name", "prefix", "created_at", "last_used_at", "revoked_at"
            )
        ),
        "disclosures_submitted": list(
            Disclosure.objects.filter(submitter=user).values(
                "id", "title", "institution_id", "status", "submitted_at", "created_at"
            )
        ),
        "achievements_created": list(
            Achievement.objects.filter(created_by=user).values(
                "id", "title_zh", "title_en", "institution_id", "status", "created_at"
            )
        ),
        "needs_created": list(
            Need.objects.filter(created_by=user).values(
                "id", "title", "organization_id", "status", "created_at"
            )
        ),
        "expert_profile": (
            {
                "id": expert.pk,
                "name_zh": expert.name_zh,
                "name_en": expert.name_en,
                "title": expert.title,
                "bio": expert.bio,
                "visibility": expert.visibility,
                "listed": expert.is_active,
            }
            if expert
            else None
        ),
    }
