from django.urls import path

from achievements import views

urlpatterns = [
    path("", views.achievement_list, name="achievement-list"),
    path("<int:pk>/", views.achievement_detail, name="achievement-detail"),
]
