"""Admin edits bypass the services, so the admin keeps the search index in step itself."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest


class SearchIndexedAdmin(admin.ModelAdmin):
    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)  # many-to-many fields are facets
        from portal.search import index_if_searchable

        index_if_searchable(form.instance)

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        from portal.search import remove_objects

        pk = obj.pk
        super().delete_model(request, obj)
        remove_objects(type(obj), [pk])

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        from portal.search import remove_objects

        pks = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        remove_objects(queryset.model, pks)
