from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from awards.views import signing as signing_views
from core import two_factor
from departments import accounts
from emulation import views
from home import views as home_views

campaign_patterns = (
    [
        path("", views.campaign_list, name="campaign-list"),
        path("<int:year>/", views.campaign_detail, name="campaign-detail"),
        path("<int:year>/edit/", views.campaign_update, name="campaign-update"),
        path("<int:year>/deadlines/", views.deadline_edit, name="deadline-edit"),
        path("<int:year>/rules/", views.campaign_rules_edit, name="campaign-rules"),
        path("<int:year>/copy/", views.campaign_copy, name="campaign-copy"),
        path("<int:year>/registrations/", views.registration_overview, name="registration-overview"),
        path("<int:year>/registrations/sent/", views.registrations_sent, name="registrations-sent"),
        path("<int:year>/registrations/<str:code>/", views.registration_sheet, name="registration-sheet"),
        path(
            "<int:year>/registrations/<str:code>/submit/",
            views.registration_transition,
            {"action": "submit"},
            name="registration-submit",
        ),
        path(
            "<int:year>/registrations/<str:code>/withdraw/",
            views.registration_transition,
            {"action": "withdraw"},
            name="registration-withdraw",
        ),
        path(
            "<int:year>/registrations/<str:code>/return/",
            views.registration_transition,
            {"action": "return"},
            name="registration-return",
        ),
        path(
            "<int:year>/registrations/<str:code>/accept/",
            views.registration_transition,
            {"action": "accept"},
            name="registration-accept",
        ),
        path("<int:year>/extensions/", views.extension_list, name="extension-list"),
        path("<int:year>/extensions/<int:pk>/revoke/", views.extension_revoke, name="extension-revoke"),
        path("<int:year>/blocs/", views.bloc_list, name="bloc-list"),
        path("<int:year>/blocs/add/", views.bloc_edit, name="bloc-create"),
        path("<int:year>/blocs/<int:pk>/", views.bloc_edit, name="bloc-update"),
        path("<int:year>/blocs/<int:pk>/delete/", views.bloc_delete, name="bloc-delete"),
        path("criteria/", views.criteria_list, name="criteria-list"),
        path("criteria/add/", views.criteria_edit, name="criteria-create"),
        path("criteria/<int:pk>/", views.criteria_edit, name="criteria-update"),
        path("bonuses/", views.bonus_reference, name="bonus-reference"),
        path("paper-texts/", views.papertemplate_list, name="papertemplate-list"),
        path("paper-texts/<str:kind>/", views.papertemplate_edit, name="papertemplate-edit"),
    ],
    "emulation",
)

account_patterns = (
    [
        path("locks/", accounts.lock_list, name="lock-list"),
        path("locks/release/", accounts.lock_release, name="lock-release"),
    ],
    "accounts",
)

# Django's own password views and names (its reset e-mail links to password_reset_confirm), our templates.
password_patterns = [
    path("change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]

urlpatterns = [
    path("", home_views.home, name="home"),
    # Public, without login: the page a signed paper's QR code opens (awards.signing).
    path("verify/<str:token>/", signing_views.verify, name="verify"),
    path("login/", two_factor.LoginView.as_view(), name="login"),
    path("login/code/", two_factor.otp_verify, name="otp-verify"),
    path("login/code/setup/", two_factor.otp_setup, name="otp-setup"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", include(password_patterns)),
    path("accounts/", include(account_patterns)),
    path("campaigns/", include(campaign_patterns)),
    path("initiatives/", include("initiatives.urls")),
    path("reports/", include("reports.urls")),
    path("notifications/", include("notifications.urls")),
    path("audit/", include("core.audit_urls")),
    path("", include("awards.urls")),
    path("", include("departments.urls")),
    path("admin/", admin.site.urls),
]
