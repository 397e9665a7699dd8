from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import ApiToken
from portal.rest.inputs import StrictCharField


class ApiTokenSerializer(serializers.ModelSerializer[ApiToken]):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
        read_only_fields = fields


class NewTokenSerializer(serializers.Serializer[ApiToken]):
    name = StrictCharField(max_length=100, required=False, default="", allow_blank=True)


class ObtainTokenSerializer(NewTokenSerializer):
    email = serializers.CharField(max_length=254, trim_whitespace=True)
    password = serializers.CharField(
        max_length=4096, trim_whitespace=False, style={"input_type": "password"}
    )

    default_error_messages = {"credentials": _("The email address or password is not correct.")}
