from django.urls import path

from core import audit_views

app_name = "audit"
urlpatterns = [
    path("", audit_views.entry_list, name="entry-list"),
    path("export/", audit_views.entry_export, name="entry-export"),
]
