from django.urls import path

from .views import hearings as h
from .views import supervisors as s

app_name = "hearings"

urlpatterns = [
    path("", h.hearing_list, name="list"),
    path("case/<id:case_pk>/new/", h.hearing_create, name="create"),
    path("<id:pk>/", h.hearing_detail, name="detail"),
    path("<id:pk>/edit/", h.hearing_edit, name="edit"),
    path("<id:pk>/participants/new/", h.participant_add, name="participant-add"),
    path("<id:pk>/participants/<id:participant_pk>/remove/", h.participant_remove,
         name="participant-remove"),
    path("<id:pk>/participants/<id:participant_pk>/opinion/", h.opinion_record, name="opinion"),
    path("<id:pk>/participants/<id:participant_pk>/notice.pdf", h.notice_pdf,
         name="notice-pdf"),
    path("<id:pk>/notices/", h.notice_send, name="notice-send"),
    path("<id:pk>/hold/", h.hearing_hold, name="hold"),
    path("<id:pk>/conclude/", h.hearing_conclude, name="conclude"),
    path("<id:pk>/cancel/", h.hearing_cancel, name="cancel"),
    path("<id:pk>/record.pdf", h.record_pdf, name="record-pdf"),
    path("supervisors/", s.supervisor_list, name="supervisors"),
    path("supervisors/new/", s.supervisor_create, name="supervisor-create"),
    path("supervisors/<id:pk>/", s.supervisor_detail, name="supervisor-detail"),
    path("supervisors/<id:pk>/edit/", s.supervisor_edit, name="supervisor-edit"),
]
