"""Users (email login), organisations and memberships."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.querysets import (
    ApiTokenQuerySet,
    InvitationQuerySet,
    MembershipQuerySet,
    OrganizationQuerySet,
)
from accounts.validators import validate_visible_text
from portal.bilingual import pick
from portal.vocabulary import Region

MODERATORS_GROUP = "moderators"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        """An account made by an administrator, a script or a fixture: its address is trusted.

        Self-service sign-up (accounts.services.user_sign_up) passes email_verified_at=None.
        """
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        extra.setdefault("email_verified_at", timezone.now())
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        extra.setdefault("email_verified_at", timezone.now())
        return self._create(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email=(username or "").strip().lower())


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an email address."""

    # Stored lower-cased (see save), so the unique index is case-insensitive in effect.
    email = models.EmailField(
        _("email address"),
        max_length=254,
        unique=True,
        error_messages={"unique": _("An account with this email address already exists.")},
    )
    display_name = models.CharField(
        _("display name"), max_length=100, blank=True, validators=[validate_visible_text]
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="zh-hans",
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # None until the owner follows the confirmation link; until then the account cannot log in.
    email_verified_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)
    # A requested new address, used only once confirmed through the link sent to it.
    pending_email = models.EmailField(_("new email address (unconfirmed)"), blank=True)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.email

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return str(self)

    def get_short_name(self) -> str:
        return str(self)

    @property
    def is_moderator(self) -> bool:
        if self.is_superuser:
            return True
        cached: bool | None = getattr(self, "_is_moderator", None)
        if cached is None:
            cached = self.groups.filter(name=MODERATORS_GROUP).exists()
            self._is_moderator = cached
        return cached


class Organization(models.Model):
    """A university, institute, hospital, enterprise, agency or government body."""

    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University")
        RESEARCH_INSTITUTE = "research-institute", _("Research institute")
        HOSPITAL = "hospital", _("Hospital")
        ENTERPRISE = "enterprise", _("Enterprise")
        SERVICE_AGENCY = "service-agency", _("Technology-transfer service agency")
        GOVERNMENT = "government", _("Government body")

    # Kinds whose members run a technology-transfer office and publish achievements.
    RESEARCH_KINDS: ClassVar[frozenset[str]] = frozenset(
        {Kind.UNIVERSITY, Kind.RESEARCH_INSTITUTE, Kind.HOSPITAL}
    )

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    name_zh = models.CharField(
        _("name (Chinese)"), max_length=200, blank=True, validators=[validate_visible_text]
    )
    name_en = models.CharField(
        _("name (English)"), max_length=200, blank=True, validators=[validate_visible_text]
    )
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    region = models.CharField(_("region"), max_length=30, choices=Region.choices)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    verified = models.BooleanField(_("verified"), default=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_en", "name_zh"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name_zh="", name_en=""), name="organization_has_a_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.name_zh, self.name_en)

    @property
    def is_research_institution(self) -> bool:
        return self.kind in self.RESEARCH_KINDS

    def allowed_roles(self) -> list[str]:
        """Roles a membership of this organisation may have (see Membership.roles_for_kind)."""
        return Membership.roles_for_kind(self.kind)

    def manager_role(self) -> str:
        return (
            Membership.Role.TTO_MANAGER if self.is_research_institution else Membership.Role.MANAGER
        )


class Membership(models.Model):
    """A user's role in an organisation."""

    class Role(models.TextChoices):
        RESEARCHER = "researcher", _("Researcher")
        TTO_OFFICER = "tto_officer", _("TTO officer")
        TTO_MANAGER = "tto_manager", _("TTO manager")
        MEMBER = "member", _("Member")
        MANAGER = "manager", _("Manager")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        ACTIVE = "active", _("Active")
        REJECTED = "rejected", _("Rejected")

    TTO_ROLES: ClassVar[frozenset[str]] = frozenset({Role.TTO_OFFICER, Role.TTO_MANAGER})
    MANAGER_ROLES: ClassVar[frozenset[str]] = frozenset({Role.TTO_MANAGER, Role.MANAGER})
    RESEARCH_ROLES: ClassVar[list[str]] = [Role.RESEARCHER, Role.TTO_OFFICER, Role.TTO_MANAGER]
    OTHER_ROLES: ClassVar[list[str]] = [Role.MEMBER, Role.MANAGER]

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="membership_unique"),
        ]
        indexes = [models.Index(fields=["organization", "status", "role"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization} · {self.get_role_display()}"

    @classmethod
    def roles_for_kind(cls, kind: str) -> list[str]:
        """Universities, institutes and hospitals run a TTO; every other kind has members."""
        return cls.RESEARCH_ROLES if kind in Organization.RESEARCH_KINDS else cls.OTHER_ROLES

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.organization_id and self.role not in self.organization.allowed_roles():
            raise ValidationError(
                {
                    "role": _("The role “%(role)s” does not exist in a %(kind)s.")
                    % {
                        "role": self.get_role_display(),
                        "kind": self.organization.get_kind_display().lower(),
                    }
                }
            )

    @property
    def is_manager(self) -> bool:
        return self.role in self.MANAGER_ROLES


class Invitation(models.Model):
    """An organisation manager's emailed invitation; accepting it creates the membership."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=20, choices=Membership.Role.choices)
    invited_by = models.ForeignKey(
        User,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None


class ApiToken(models.Model):
    """A personal API key. Only its SHA-256 is stored; the key is shown once, at creation."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, validators=[validate_visible_text])
    # The first characters of the key, kept so a user can tell their tokens apart.
    prefix = models.CharField(_("starts with"), max_length=12)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
