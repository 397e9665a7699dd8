from django.urls import path

from bench import minimal
from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [
    path("bench/minimal/achievements/", minimal.achievement_list),
    path("bench/minimal/achievements/<int:pk>/", minimal.achievement_detail),
    *portal_urlpatterns,
]
