from rest_framework.routers import SimpleRouter

from experts.api.views import ExpertViewSet

router = SimpleRouter()
router.register("experts", ExpertViewSet, basename="expert")

urlpatterns = router.urls
