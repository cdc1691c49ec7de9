from django.urls import path

from . import extension_views, views

app_name = "recommendations"
urlpatterns = [
    path("new/<int:case_pk>/", views.draft_create, name="draft"),
    path("<int:pk>/", views.recommendation_detail, name="detail"),
    path("<int:pk>/serve/", views.recommendation_serve, name="serve"),
    path("<int:pk>/pdf/", views.recommendation_pdf, name="pdf"),
    path("<int:pk>/extend/", extension_views.recommendation_extend, name="extend"),
    path("extensions/<int:pk>/<slug:decision>/", extension_views.extension_decide,
         name="extension-decide"),
    path("<int:pk>/<slug:action>/", views.recommendation_action, name="action"),
    path("replies/<int:pk>/attachment/", views.reply_attachment, name="reply-attachment"),
]
