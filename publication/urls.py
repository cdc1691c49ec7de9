"""Staff pages under /publication/ (login; the procuratorate's own items)."""

from django.urls import path

from .views import releases, staff

app_name = "publication"
urlpatterns = [
    path("", staff.index, name="index"),
    path("cases/new/", staff.case_choose, name="case-choose"),
    path("cases/new/<id:case_pk>/", staff.case_propose, name="case-propose"),
    path("cases/<id:pk>/", staff.case_detail, name="case-detail"),
    path("cases/<id:pk>/edit/", staff.case_edit, name="case-edit"),
    path("cases/<id:pk>/<slug:action>/", staff.case_action, name="case-action"),
    path("statistics/new/", releases.release_new, name="release-new"),
    path("statistics/<id:pk>/", releases.release_detail, name="release-detail"),
    path("statistics/<id:pk>/<slug:action>/", releases.release_action, name="release-action"),
]
