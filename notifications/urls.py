from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="notification-list"),
    path("<int:pk>/read/", views.notification_read, name="notification-read"),
    path("read-all/", views.notification_read_all, name="notification-read-all"),
    path("templates/", views.template_list, name="template-list"),
    path("templates/<str:kind>/", views.template_edit, name="template-edit"),
    path("templates/<str:kind>/reset/", views.template_reset, name="template-reset"),
    path("reminders/", views.reminder_list, name="reminder-list"),
]
