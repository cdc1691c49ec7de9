from django.urls import path

from .views import attendances as a

app_name = "adjudication"

urlpatterns = [
    path("", a.attendance_list, name="list"),
    path("new/", a.attendance_create, name="create"),
    path("case/<id:case_pk>/new/", a.attendance_create_for_case, name="create-for-case"),
    path("<id:pk>/", a.attendance_detail, name="detail"),
    path("<id:pk>/edit/", a.attendance_edit, name="edit"),
    path("<id:pk>/entrust/", a.attendance_entrust, name="entrust"),
    path("<id:pk>/attend/", a.attendance_attend, name="attend"),
    path("<id:pk>/decide/", a.attendance_decide, name="decide"),
    path("<id:pk>/follow-up/", a.attendance_follow_up, name="follow-up"),
    path("<id:pk>/absent/", a.attendance_absent, name="absent"),
    path("<id:pk>/cancel/", a.attendance_cancel, name="cancel"),
    path("<id:pk>/opinion.pdf", a.opinion_pdf, name="opinion-pdf"),
    path("<id:pk>/record.pdf", a.record_pdf, name="record-pdf"),
]
