from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("<int:year>/<slug:identifier>.<str:fmt>", views.report_export, name="export"),
    path("jobs/<int:pk>/", views.job_detail, name="job-detail"),
    path("jobs/<int:pk>/status", views.job_status, name="job-status"),
    path("jobs/<int:pk>/file", views.job_file, name="job-file"),
    path("jobs/<int:pk>/retry", views.job_retry, name="job-retry"),
]
