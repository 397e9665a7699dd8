"""Mounted at /api/v1/auth/ by portal/urls.py; the rest of /api/v1/ belongs to the API app."""

from django.urls import path

from accounts.api import views

urlpatterns = [
    path("token/", views.ObtainTokenView.as_view(), name="api-token-obtain"),
    path("tokens/", views.TokenListView.as_view(), name="api-tokens"),
    path("tokens/<int:pk>/", views.TokenDetailView.as_view(), name="api-token-detail"),
]
