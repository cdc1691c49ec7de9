from django.urls import path

from .views import suits as s

app_name = "litigation"

urlpatterns = [
    path("", s.suit_list, name="list"),
    path("case/<id:case_pk>/new/", s.suit_create, name="create"),
    path("<id:pk>/", s.suit_detail, name="detail"),
    path("<id:pk>/lapse/", s.appeal_lapse, name="lapse"),
    path("<id:pk>/indictment.pdf", s.indictment_pdf, name="indictment-pdf"),
    path("<id:pk>/<slug:step>/", s.suit_step, name="step"),
    path("instruments/<id:pk>/outcome/", s.instrument_outcome, name="instrument-outcome"),
]
