from django.urls import path

from needs import views

urlpatterns = [
    path("<int:pk>/", views.need_detail, name="need-detail"),
]
