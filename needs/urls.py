from django.urls import path

from needs import views

urlpatterns = [
    path("", views.need_list, name="need-list"),
    path("mine/", views.need_manage, name="need-manage"),
    path("new/", views.need_create, name="need-create"),
    path("<int:pk>/", views.need_detail, name="need-detail"),
    path("<int:pk>/edit/", views.need_edit, name="need-edit"),
    path("<int:pk>/history/", views.need_history, name="need-history"),
    path("<int:pk>/<slug:action>/", views.need_action, name="need-action"),
]
