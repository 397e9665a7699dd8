from django.urls import path

from matching.saved_searches import views

urlpatterns = [
    path("", views.saved_search_list, name="saved-search-list"),
    path("new/", views.saved_search_create, name="saved-search-create"),
    path("<int:pk>/", views.saved_search_edit, name="saved-search-edit"),
    path("<int:pk>/frequency/", views.saved_search_frequency, name="saved-search-frequency"),
    path("<int:pk>/delete/", views.saved_search_delete, name="saved-search-delete"),
]
