from django.urls import path

from accounts import organization_pages

urlpatterns = [
    path("", organization_pages.organization_list, name="organization-list"),
    path("<int:pk>/", organization_pages.organization_detail, name="organization-detail"),
]
