from django.urls import path

from .views import reviews as r

app_name = "quality"

urlpatterns = [
    path("", r.review_list, name="list"),
    path("new/", r.review_create, name="create"),
    path("<id:pk>/", r.review_detail, name="detail"),
    path("<id:pk>/grade/", r.review_grade, name="grade"),
    path("<id:pk>/feedback/", r.review_feedback, name="feedback"),
    path("<id:pk>/conclude/", r.review_conclude, name="conclude"),
    path("<id:pk>/cancel/", r.review_cancel, name="cancel"),
    path("<id:pk>/report.pdf", r.report_pdf, name="report-pdf"),
]
