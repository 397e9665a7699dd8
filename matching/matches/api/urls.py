from rest_framework.routers import SimpleRouter

from matching.matches.api.views import MatchViewSet

router = SimpleRouter()
router.register("matches", MatchViewSet, basename="match")

urlpatterns = router.urls
