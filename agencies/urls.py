from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.portal_detail, name="detail"),
]
