from django.conf.urls.i18n import i18n_patterns  # noqa: F401  (language is per user, not per URL)
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
