"""The organisation directory and `me` under /api/v1/ (tokens live under /api/v1/auth/)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from accounts.api.me import MeView
from accounts.api.organizations import OrganizationViewSet

router = SimpleRouter()
router.register("organizations", OrganizationViewSet, basename="organization")

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    *router.urls,
]
