from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("deadlines/", views.dashboard, name="dashboard"),
    path("deadlines/<slug:bucket>/", views.deadline_list, name="deadline-list"),
    path("deadlines/internal/<slug:bucket>/", views.internal_list, name="internal-list"),
]
