"""The moderation queue, decisions and abuse reports under /api/v1/moderation/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from moderation.api import views

router = SimpleRouter()
router.register("moderation/reports", views.ReportViewSet, basename="report")

urlpatterns = [
    path("moderation/queue/", views.QueueView.as_view(), name="moderation-queue"),
    path(
        "moderation/<slug:kind>/<int:pk>/approve/",
        views.ApproveView.as_view(),
        name="moderation-approve",
    ),
    path(
        "moderation/<slug:kind>/<int:pk>/request-changes/",
        views.RequestChangesView.as_view(),
        name="moderation-request-changes",
    ),
    path(
        "moderation/<slug:kind>/<int:pk>/reject/",
        views.RejectView.as_view(),
        name="moderation-reject",
    ),
    path(
        "moderation/<slug:kind>/<int:pk>/report/",
        views.ReportItemView.as_view(),
        name="moderation-report",
    ),
    *router.urls,
]
