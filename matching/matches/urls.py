from django.urls import path

from matching.matches import views

urlpatterns = [
    path("", views.match_list, name="match-list"),
    path("<int:pk>/", views.match_detail, name="match-detail"),
    path("<int:pk>/feedback/", views.match_feedback, name="match-feedback"),
    path(
        "<int:pk>/feedback/withdraw/",
        views.match_feedback_withdraw,
        name="match-feedback-withdraw",
    ),
]
