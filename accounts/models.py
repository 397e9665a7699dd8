"""Users (email login), organisations and memberships."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
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
    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="zh-hans",
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.email

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
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    region = models.CharField(_("region"), max_length=30, choices=Region.choices)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    verified = models.BooleanField(_("verified"), default=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

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

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="membership_unique"),
        ]
        indexes = [models.Index(fields=["organization", "status", "role"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization} · {self.get_role_display()}"
