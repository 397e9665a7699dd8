from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from portal import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("accounts/", include("accounts.urls")),
    path("achievements/", include("achievements.urls")),
    path("needs/", include("needs.urls")),
    path("notifications/", include("matching.notifications.urls")),
    path("saved-searches/", include("matching.saved_searches.urls")),
    path("moderation/", include("moderation.urls")),
    path("experts/", include("experts.urls")),
    path("deals/", include("deals.urls")),
    path("matches/", include("matching.matches.urls")),
    path("organizations/", include("accounts.organization_urls")),
    path("", include("portal.search.urls")),  # /search/ and /api/v1/search/
    path("api/v1/auth/", include("accounts.api.urls")),
    path("api/v1/", include("portal.rest.urls")),  # ends with the JSON 404 for the rest
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
