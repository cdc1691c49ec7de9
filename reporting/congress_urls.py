"""Reports to the people's congress and its opinions (congress app; issue 16), under
/reporting/congress/ in the ``reporting`` namespace: reporting/congress_views.py."""

from django.urls import path

from . import congress_views as views

urlpatterns = [
    path("", views.report_list, name="congress-reports"),
    path("new/", views.report_create, name="congress-report-create"),
    path("<id:pk>/", views.report_detail, name="congress-report"),
    path("<id:pk>/charts/<slug:key>.svg", views.report_chart, name="congress-chart"),
    path("<id:pk>/figures.xlsx", views.report_figures_export, name="congress-figures-export"),
    path("<id:pk>/sections/<id:section_pk>/", views.section_save, name="congress-section"),
    path("<id:pk>/actions/<slug:action>/", views.report_action, name="congress-report-action"),
    path("<id:pk>/opinions/", views.opinion_create, name="congress-opinion-create"),
    path("<id:pk>/opinions/<id:opinion_pk>/reply/", views.opinion_reply,
         name="congress-opinion-reply"),
    path("<id:pk>/files/<slug:fmt>/", views.render_start, name="congress-render"),
    path("<id:pk>/files/status/<id:rendering_pk>/", views.rendering_status,
         name="congress-rendering"),
    path("<id:pk>/files/download/<id:rendering_pk>/", views.rendering_download,
         name="congress-download"),
]
