from django.urls import path

from awards import views

app_name = "awards"
urlpatterns = [
    path("rewards/", views.reward_search, name="reward-search"),
    path("rewards/staff/<int:pk>/", views.staff_rewards, name="staff-rewards"),
    path("rewards/units/<str:code>/", views.unit_rewards, name="unit-rewards"),
    path("campaigns/<int:year>/eligibility/", views.eligibility_overview, name="eligibility-overview"),
    path("campaigns/<int:year>/targets/", views.targets_dashboard, name="targets-dashboard"),
    path("campaigns/<int:year>/targets/report.<str:fmt>", views.targets_report, name="targets-report"),
]
