from django.urls import path

from matching.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read-all/", views.mark_all_read, name="mark-all-read"),
    path("settings/", views.notification_settings, name="settings"),
    path("unsubscribe/<str:token>/", views.unsubscribe_page, name="unsubscribe"),
    path("<int:pk>/", views.notification_open, name="open"),
    path("<int:pk>/read/", views.mark_read, name="mark-read"),
]
