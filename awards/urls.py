from django.urls import path

from awards.views import council, decisions, dossiers, holds, rewards, signing

app_name = "awards"
urlpatterns = [
    path("rewards/", rewards.reward_search, name="reward-search"),
    path("rewards/staff/<int:pk>/", rewards.staff_rewards, name="staff-rewards"),
    path("rewards/units/<str:code>/", rewards.unit_rewards, name="unit-rewards"),
    path("rewards/staff/<int:pk>.<str:fmt>", rewards.staff_rewards_file, name="staff-rewards-file"),
    path("rewards/units/<str:code>.<str:fmt>", rewards.unit_rewards_file, name="unit-rewards-file"),
    path("campaigns/<int:year>/eligibility/", rewards.eligibility_overview, name="eligibility-overview"),
    path("campaigns/<int:year>/targets/", rewards.targets_dashboard, name="targets-dashboard"),
    path("campaigns/<int:year>/exemplary/", decisions.exemplary_list, name="exemplary-list"),
    path("campaigns/<int:year>/exemplary/<int:pk>/agree/", decisions.exemplary_agree, name="exemplary-agree"),
    path(
        "campaigns/<int:year>/exemplary/<int:pk>/select/", decisions.exemplary_select, name="exemplary-select"
    ),
    path("holds/", holds.hold_list, name="hold-list"),
    path("holds/<int:pk>/lift/", holds.hold_lift, name="hold-lift"),
    path("holds/discipline/", holds.discipline_create, name="discipline-create"),
    path("dossiers/", dossiers.dossier_list, name="dossier-list"),
    path("dossiers/new/", dossiers.dossier_create, name="dossier-create"),
    path("dossiers/<int:pk>/", dossiers.dossier_detail, name="dossier-detail"),
    path("dossiers/<int:pk>/edit/", dossiers.dossier_update, name="dossier-update"),
    path("dossiers/<int:pk>/nominees/", dossiers.nominee_add, name="nominee-add"),
    path(
        "dossiers/<int:pk>/nominees/<int:nominee_pk>/remove/", dossiers.nominee_remove, name="nominee-remove"
    ),
    path(
        "dossiers/<int:pk>/nominees/<int:nominee_pk>/override/",
        dossiers.nominee_override,
        name="nominee-override",
    ),
    path(
        "dossiers/<int:pk>/nominees/<int:nominee_pk>/decide/", dossiers.nominee_decide, name="nominee-decide"
    ),
    path(
        "dossiers/<int:pk>/nominees/<int:nominee_pk>/reconsider/",
        dossiers.nominee_reconsider,
        name="nominee-reconsider",
    ),
    path(
        "dossiers/<int:pk>/nominees/<int:nominee_pk>/report.<str:fmt>",
        dossiers.nominee_report,
        name="nominee-report",
    ),
    path("dossiers/<int:pk>/documents/", dossiers.document_upload, name="document-upload"),
    path(
        "dossiers/<int:pk>/documents/<int:document_pk>/remove/",
        dossiers.document_remove,
        name="document-remove",
    ),
    path("dossiers/documents/<int:pk>/", dossiers.document_download, name="document-download"),
    *[
        path(
            f"dossiers/<int:pk>/{action}/",
            dossiers.dossier_transition,
            {"action": action},
            name=f"dossier-{action}",
        )
        for action in ("submit", "withdraw", "return", "accept")
    ],
    path("council/", council.session_list, name="session-list"),
    path("council/<int:pk>/", council.session_detail, name="session-detail"),
    path("council/<int:pk>/ballot/", council.ballot_cast, name="ballot-cast"),
    path("council/<int:pk>/close/", council.session_close, name="session-close"),
    path("council/<int:pk>/attendance/", council.session_attendance, name="session-attendance"),
    path("council/<int:pk>/minutes.<str:fmt>", council.session_minutes, name="session-minutes"),
    path("council/<int:pk>/ballot-form.<str:fmt>", council.session_ballot_form, name="session-ballot-form"),
    path(
        "council/<int:pk>/minutes-details/", council.session_minutes_details, name="session-minutes-details"
    ),
    path("decisions/", decisions.decision_list, name="decision-list"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision-detail"),
    path("decisions/<int:pk>/file.<str:fmt>", decisions.decision_file, name="decision-file"),
    path("decisions/<int:pk>/sign/", signing.decision_sign_view, name="decision-sign"),
    path("decisions/<int:pk>/signed.pdf", signing.signed_file, name="decision-signed-file"),
    path("decisions/<int:pk>/certificates.<str:fmt>", decisions.certificate_file, name="certificate-batch"),
    path(
        "decisions/<int:pk>/certificates/<int:nominee_pk>.<str:fmt>",
        decisions.certificate_file,
        name="certificate-file",
    ),
    path("decisions/nominees/<int:pk>/higher-result/", decisions.higher_result, name="higher-result"),
]
