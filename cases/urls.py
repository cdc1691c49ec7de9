from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("export.<str:fmt>", views.case_export, name="export"),
    path("new/", views.case_create, name="create"),
    path("interference/", views.interference_list, name="interference-list"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/status/<str:action>/", views.case_transition, name="transition"),
    path("<int:pk>/measures/new/", views.measure_create, name="measure-create"),
    path("<int:pk>/measures/<int:measure_pk>/escalate/", views.measure_escalate,
         name="measure-escalate"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment-upload"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/transfers/new/", views.transfer_create, name="transfer-create"),
    path("<int:pk>/transfers/<int:transfer_pk>/reply/", views.transfer_reply, name="transfer-reply"),
    path("<int:pk>/interference/new/", views.interference_create, name="interference-create"),
]
