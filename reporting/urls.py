from django.urls import path

from . import scorecard_views, statistics_views, views

app_name = "reporting"
urlpatterns = [
    path("deadlines/", views.dashboard, name="dashboard"),
    path("deadlines/<slug:bucket>/", views.deadline_list, name="deadline-list"),
    path("deadlines/<slug:bucket>/export.xlsx", views.deadline_list, {"fmt": "xlsx"},
         name="deadline-export"),
    path("deadlines/internal/<slug:bucket>/", views.internal_list, name="internal-list"),
    # Agency scorecards (seed 003 §11): reporting/scorecard_views.py.
    path("agencies/", scorecard_views.agency_ranking, name="agency-ranking"),
    path("agencies/export.xlsx", scorecard_views.agency_ranking, {"fmt": "xlsx"},
         name="agency-ranking-export"),
    path("agencies/<id:pk>/", scorecard_views.agency_scorecard, name="agency-scorecard"),
    path("agencies/<id:pk>/export.xlsx", scorecard_views.agency_scorecard, {"fmt": "xlsx"},
         name="agency-scorecard-export"),
    path("agencies/<id:pk>/scorecard.pdf", scorecard_views.agency_scorecard, {"fmt": "pdf"},
         name="agency-scorecard-pdf"),
    # Statistics, this period against the same period a year before (issue 16).
    path("statistics/", statistics_views.statistics, name="statistics"),
    path("statistics/<slug:table>.xlsx", statistics_views.statistics_export,
         name="statistics-export"),
]
