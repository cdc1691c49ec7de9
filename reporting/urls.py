from django.urls import include, path

from . import chart_views, scorecard_views, similar_views, statistics_views, views

app_name = "reporting"
urlpatterns = [
    path("deadlines/", views.dashboard, name="dashboard"),
    path("deadlines/<slug:bucket>/", views.deadline_list, name="deadline-list"),
    path("deadlines/<slug:bucket>/export.xlsx", views.deadline_list, {"fmt": "xlsx"},
         name="deadline-export"),
    path("deadlines/internal/<slug:bucket>/", views.internal_list, name="internal-list"),
    path("deadlines/internal/<slug:bucket>/export.xlsx", views.internal_list, {"fmt": "xlsx"},
         name="internal-export"),
    # Agency scorecards (seed 003 §11): reporting/scorecard_views.py.
    path("agencies/", scorecard_views.agency_ranking, name="agency-ranking"),
    path("agencies/export.xlsx", scorecard_views.agency_ranking, {"fmt": "xlsx"},
         name="agency-ranking-export"),
    path("agencies/chart.svg", chart_views.agency_ranking_chart, name="agency-ranking-chart"),
    path("agencies/<id:pk>/", scorecard_views.agency_scorecard, name="agency-scorecard"),
    path("agencies/<id:pk>/chart.svg", chart_views.agency_scorecard_chart,
         name="agency-scorecard-chart"),
    path("agencies/<id:pk>/export.xlsx", scorecard_views.agency_scorecard, {"fmt": "xlsx"},
         name="agency-scorecard-export"),
    path("agencies/<id:pk>/scorecard.pdf", scorecard_views.agency_scorecard, {"fmt": "pdf"},
         name="agency-scorecard-pdf"),
    # Statistics, this period against the same period a year before (issue 16).
    path("statistics/", statistics_views.statistics, name="statistics"),
    path("statistics/<slug:table>.xlsx", statistics_views.statistics_export,
         name="statistics-export"),
    # Similar-case detection (类案监督, seed 004 §3): reporting/similar_views.py.
    path("similar/", similar_views.similar, name="similar"),
    path("similar/<slug:table>.xlsx", similar_views.similar_export, name="similar-export"),
    path("similar/<slug:kind>/", similar_views.similar_detail, name="similar-detail"),
    path("similar/<slug:kind>/export.xlsx", similar_views.similar_detail_export,
         name="similar-detail-export"),
    path("similar/<slug:kind>/draft/", similar_views.similar_draft, name="similar-draft"),
    path("statistics/chart.svg", chart_views.statistics_chart, name="statistics-chart"),
    # Reports to the people's congress and its opinions: reporting/congress_urls.py.
    path("congress/", include("reporting.congress_urls")),
]
