from django.urls import path
from rest_framework.routers import SimpleRouter

from deals.api.views import (
    AccessRequestViewSet,
    InquiryViewSet,
    InstitutionFunnelView,
    ListingFunnelView,
)

router = SimpleRouter()
router.register("inquiries", InquiryViewSet, basename="inquiry")
router.register("access-requests", AccessRequestViewSet, basename="access-request")

urlpatterns = [
    *router.urls,
    path(
        "funnel/institutions/<int:pk>/",
        InstitutionFunnelView.as_view(),
        name="funnel-institution",
    ),
    path("funnel/listings/<int:pk>/", ListingFunnelView.as_view(), name="funnel-listing"),
]
