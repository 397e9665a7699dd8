"""Inquiries: a private thread between an enquirer (and their organisation) and a listing's TTO."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from accounts.validators import validate_visible_text
from achievements.models import Achievement
from deals.querysets import InquiryQuerySet, MessageQuerySet
from deals.text import MESSAGE_MAX_LENGTH, SUBJECT_MAX_LENGTH, validate_message_text


class Inquiry(models.Model):
    """A question about a listing. Its messages are private to the two parties (and admins)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the TTO")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    # Emails name only "an inquiry" and link to the portal; the subject and messages stay there.
    notifications_confidential = True

    achievement = models.ForeignKey(
        Achievement,
        verbose_name=_("listing"),
        on_delete=models.PROTECT,
        related_name="inquiries",
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries_sent",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries_sent",
        help_text=_("The sender's organisation. Its members can follow and answer the thread."),
    )
    subject = models.CharField(
        _("subject"), max_length=SUBJECT_MAX_LENGTH, validators=[validate_visible_text]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = InquiryQuerySet.as_manager()

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        ordering = ["-last_message_at", "-id"]
        indexes = [
            models.Index(fields=["achievement", "created_at"], name="inquiry_listing_created"),
            models.Index(fields=["sender", "created_at"], name="inquiry_sender_created"),
            models.Index(fields=["-last_message_at", "-id"], name="inquiry_last_message"),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("inquiry-detail", args=[self.pk])


class Message(models.Model):
    """One message of an inquiry, written by one side: the enquirer's or the TTO's."""

    class Side(models.TextChoices):
        REQUESTER = "requester", _("Enquirer")
        INSTITUTION = "institution", _("Technology-transfer office")
        # Admins may write in any thread (they hold every grant); they never speak for a party.
        ADMIN = "admin", _("Keqiao administrators")

    inquiry = models.ForeignKey(
        Inquiry, verbose_name=_("inquiry"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    side = models.CharField(_("side"), max_length=20, choices=Side.choices)
    body = models.TextField(
        _("message"),
        validators=[MaxLengthValidator(MESSAGE_MAX_LENGTH), validate_message_text],
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["inquiry", "created_at"], name="message_thread")]

    def __str__(self) -> str:
        return f"{self.get_side_display()}: {self.body[:40]}"
