from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from emulation import views

campaign_patterns = (
    [
        path("", views.campaign_list, name="campaign-list"),
        path("<int:year>/", views.campaign_detail, name="campaign-detail"),
        path("<int:year>/edit/", views.campaign_update, name="campaign-update"),
        path("<int:year>/copy/", views.campaign_copy, name="campaign-copy"),
    ],
    "emulation",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("campaigns/", include(campaign_patterns)),
    path("", include("departments.urls")),
    path("admin/", admin.site.urls),
]
