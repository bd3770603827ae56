from django.urls import path

from departments import views

app_name = "departments"
urlpatterns = [
    path("units/", views.unit_list, name="unit-list"),
    path("units/<str:code>/", views.unit_detail, name="unit-detail"),
    path("units/<str:code>/staff/add/", views.staff_create, name="staff-create"),
    path("units/<str:code>/years/<int:year>/", views.unit_year_sheet, name="unit-years"),
    path("units/<str:code>/years/<int:year>/sheet.xlsx", views.unit_year_file, name="unit-years-file"),
    path("units/<str:code>/years/<int:year>/import/", views.unit_year_import, name="unit-years-import"),
    path("units/<str:code>/years/<int:year>/grade/", views.unit_year_grade, name="unit-year-grade"),
    path("staff/import/", views.staff_import, name="staff-import"),
    path("staff/import/template.xlsx", views.staff_import_template, name="staff-import-template"),
    path("staff/<int:pk>/", views.staff_detail, name="staff-detail"),
    path("staff/<int:pk>/edit/", views.staff_update, name="staff-update"),
    path("staff/<int:pk>/move/", views.staff_move, name="staff-move"),
    path("department/", views.department_periods, name="department-periods"),
    path("staff/<int:pk>/years/add/", views.staff_year_edit, name="staffyear-create"),
    path("staff/<int:pk>/years/<int:year>/edit/", views.staff_year_edit, name="staffyear-update"),
]
