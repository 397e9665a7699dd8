from django.urls import path

from needs import views

urlpatterns = [
    path("", views.need_list, name="need-list"),
    path("<int:pk>/", views.need_detail, name="need-detail"),
]
