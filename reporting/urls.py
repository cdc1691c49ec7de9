from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("deadlines/", views.dashboard, name="dashboard"),
    path("deadlines/<slug:bucket>/", views.deadline_list, name="deadline-list"),
    path("deadlines/<slug:bucket>/export.xlsx", views.deadline_list, {"fmt": "xlsx"},
         name="deadline-export"),
    path("deadlines/internal/<slug:bucket>/", views.internal_list, name="internal-list"),
]
