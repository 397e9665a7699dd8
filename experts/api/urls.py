from rest_framework.routers import SimpleRouter

from experts.api.views import AssessmentViewSet, ExpertViewSet

router = SimpleRouter()
router.register("experts", ExpertViewSet, basename="expert")
router.register("assessments", AssessmentViewSet, basename="assessment")

urlpatterns = router.urls
