"""Mounted once at the site root (portal/urls.py): the page and its API twin."""

from django.urls import path

from portal.search import api, views

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("api/v1/search/", api.SearchView.as_view(), name="api-search"),
]
