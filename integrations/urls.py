"""The subscriber's webhook pages (under ``/integrations/``)."""

from django.urls import path

from .views import webhooks as views

app_name = "integrations"
urlpatterns = [
    path("webhooks/", views.webhook_list, name="webhooks"),
    path("webhooks/new/", views.webhook_create, name="webhook-create"),
    path("webhooks/<id:pk>/", views.webhook_edit, name="webhook-edit"),
    path("webhooks/<id:pk>/deactivate/", views.webhook_deactivate, name="webhook-deactivate"),
    path("webhooks/<id:pk>/rotate-secret/", views.webhook_rotate_secret,
         name="webhook-rotate-secret"),
    path("webhooks/<id:pk>/deliveries/", views.webhook_deliveries, name="webhook-deliveries"),
    path("webhooks/deliveries/<id:pk>/redeliver/", views.webhook_redeliver,
         name="webhook-redeliver"),
]
