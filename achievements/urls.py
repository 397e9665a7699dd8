from django.urls import path

from achievements import views

urlpatterns = [
    path("<int:pk>/", views.achievement_detail, name="achievement-detail"),
]
