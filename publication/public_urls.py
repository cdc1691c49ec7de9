"""The public page under /public/: no login, published items only."""

from django.urls import path

from .views import public

app_name = "public"
urlpatterns = [
    path("", public.index, name="index"),
    path("<id:pk>/", public.procuratorate, name="procuratorate"),
    path("statistics/<id:pk>/", public.statistics, name="statistics"),
    path("cases/<id:pk>/", public.case, name="case"),
]
