from django.urls import path

from . import views as v

app_name = "inspections"

urlpatterns = [
    path("", v.inspection_list, name="list"),
    path("new/", v.inspection_create, name="create"),
    path("<id:pk>/", v.inspection_detail, name="detail"),
    path("<id:pk>/edit/", v.inspection_edit, name="edit"),
    path("<id:pk>/start/", v.inspection_start, name="start"),
    path("<id:pk>/conclude/", v.inspection_conclude, name="conclude"),
    path("<id:pk>/cancel/", v.inspection_cancel, name="cancel"),
    path("<id:pk>/report.pdf", v.report_pdf, name="report-pdf"),
    path("<id:pk>/findings/new/", v.finding_add, name="finding-add"),
    path("<id:pk>/findings/<id:finding_pk>/edit/", v.finding_edit, name="finding-edit"),
    path("<id:pk>/findings/<id:finding_pk>/case/", v.finding_to_case, name="finding-case"),
    path("<id:pk>/findings/<id:finding_pk>/instrument/", v.finding_to_instrument,
         name="finding-instrument"),
    path("<id:pk>/findings/<id:finding_pk>/oral/", v.finding_oral, name="finding-oral"),
    path("<id:pk>/findings/<id:finding_pk>/rectifying/", v.finding_rectifying,
         name="finding-rectifying"),
    path("<id:pk>/findings/<id:finding_pk>/verify/", v.finding_verify, name="finding-verify"),
]
