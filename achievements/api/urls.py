from rest_framework.routers import SimpleRouter

from achievements.api.views import AchievementViewSet, DisclosureViewSet

router = SimpleRouter()
router.register("achievements", AchievementViewSet, basename="achievement")
router.register("disclosures", DisclosureViewSet, basename="disclosure")

urlpatterns = router.urls
