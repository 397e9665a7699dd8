from django.urls import path

from moderation import views

urlpatterns = [
    path("", views.queue, name="moderation-queue"),
    path("reports/<int:pk>/", views.resolve, name="moderation-resolve"),
    path("<slug:kind>/<int:pk>/", views.review, name="moderation-review"),
    path("<slug:kind>/<int:pk>/report/", views.report, name="moderation-report"),
]
