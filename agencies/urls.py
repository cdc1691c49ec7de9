from django.urls import path

from . import inbox_views, views

app_name = "portal"
urlpatterns = [
    path("", inbox_views.inbox, name="inbox"),
    path("<int:pk>/", views.portal_detail, name="detail"),
    path("<int:pk>/acknowledge/", views.portal_acknowledge, name="acknowledge"),
    path("<int:pk>/review/", views.portal_review_request, name="review-request"),
    path("<int:pk>/extension/", views.portal_extension_request, name="extension-request"),
]
