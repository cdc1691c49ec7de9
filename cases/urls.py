from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("export.<str:fmt>", views.case_export, name="export"),
    path("new/", views.case_create, name="create"),
    path("interference/", views.interference_list, name="interference-list"),
    path("<id:pk>/", views.case_detail, name="detail"),
    path("<id:pk>/parties/ids/", views.party_ids, name="party-ids"),
    path("<id:pk>/status/<str:action>/", views.case_transition, name="transition"),
    path("<id:pk>/seal/", views.case_seal, name="seal"),
    path("<id:pk>/unseal/", views.case_unseal, name="unseal"),
    path("<id:pk>/measures/new/", views.measure_create, name="measure-create"),
    path("<id:pk>/measures/<id:measure_pk>/escalate/", views.measure_escalate,
         name="measure-escalate"),
    path("<id:pk>/attachments/", views.attachment_upload, name="attachment-upload"),
    path("<id:pk>/attachments/<id:attachment_pk>/", views.attachment_download, name="attachment"),
    path("<id:pk>/transfers/new/", views.transfer_create, name="transfer-create"),
    path("<id:pk>/transfers/<id:transfer_pk>/reply/", views.transfer_reply, name="transfer-reply"),
    path("<id:pk>/interference/new/", views.interference_create, name="interference-create"),
    # The supervisory commission (seed 002 §7): early involvement, supplementary investigation.
    path("<id:pk>/involvements/new/", views.involvement_create, name="involvement-create"),
    path("<id:pk>/involvements/<id:involvement_pk>/opinion/", views.involvement_opinion,
         name="involvement-opinion"),
    path("<id:pk>/returns/new/", views.return_create, name="return-create"),
    path("<id:pk>/returns/<id:return_pk>/resubmitted/", views.return_resubmitted,
         name="return-resubmitted"),
]
