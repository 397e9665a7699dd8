"""Everything under /api/v1/: each app's router, the schema, the docs, a JSON 404 for the rest."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from portal.rest.errors import not_found

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("", include("portal.api.urls")),
    path("", include("accounts.api.routes")),
    path("", include("achievements.api.urls")),
    path("", include("experts.api.urls")),
    path("", include("needs.api.urls")),
    path("", include("deals.api.urls")),
    path("", include("moderation.api.urls")),
    # saved searches and the notification inbox (docs/notifications.md)
    path("", include("matching.saved_searches.api.urls")),
    path("", include("matching.notifications.api.urls")),
    path("", include("matching.matches.api.urls")),  # matches (matchui)
    # Any other address under /api/v1/ is a JSON 404, also under auth/ (accounts mounts its
    # token endpoints at /api/v1/auth/ before this module; a path none of them takes lands here).
    re_path(r"", not_found, name="not-found"),  # a prefix: any path, even with \n
]
