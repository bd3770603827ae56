from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("<int:year>/<slug:identifier>.<str:fmt>", views.report_download, name="download"),
]
