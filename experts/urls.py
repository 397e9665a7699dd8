from django.urls import path

from experts import views

urlpatterns = [
    path("", views.expert_list, name="expert-list"),
    path("<int:pk>/", views.expert_detail, name="expert-detail"),
]
