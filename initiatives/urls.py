from django.urls import path

from initiatives import views

app_name = "initiatives"
urlpatterns = [
    path("", views.initiative_list, name="initiative-list"),
    path("new/", views.initiative_create, name="initiative-create"),
    path("<int:pk>/", views.initiative_detail, name="initiative-detail"),
    path("<int:pk>/edit/", views.initiative_update, name="initiative-update"),
    path("<int:pk>/submit/", views.initiative_transition, {"action": "submit"}, name="initiative-submit"),
    path("<int:pk>/return/", views.initiative_transition, {"action": "return"}, name="initiative-return"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment-upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
    path("<int:pk>/score/", views.initiative_score, name="initiative-score"),
    path("<int:pk>/recognise/", views.initiative_recognise, name="initiative-recognise"),
    path("<int:pk>/provincial/", views.initiative_provincial, name="initiative-provincial"),
    path("<int:pk>/application.<str:fmt>", views.initiative_application, name="initiative-application"),
    path("research/", views.research_list, name="research-list"),
    path("research/new/", views.research_create, name="research-create"),
    path("research/<int:pk>/", views.research_detail, name="research-detail"),
    path("research/<int:pk>/edit/", views.research_update, name="research-update"),
    path("rounds/", views.round_list, name="round-list"),
    path("rounds/<int:pk>/", views.round_detail, name="round-detail"),
    path("rounds/<int:pk>/close/", views.round_close, name="round-close"),
    path("rounds/<int:pk>/recognition.<str:fmt>", views.round_recognition, name="round-recognition"),
    path("council-members/", views.member_list, name="member-list"),
    path("council-members/<int:pk>/", views.member_link, name="member-link"),
]
