from importlib import import_module

from django.urls import path

from duties.apps import FLOWS
from portal.views import inbox as inbox_views
from portal.views import instrument as views

app_name = "portal"
urlpatterns = [
    path("", inbox_views.inbox, name="inbox"),
    path("<id:pk>/", views.portal_detail, name="detail"),
    path("<id:pk>/acknowledge/", views.portal_acknowledge, name="acknowledge"),
    path("<id:pk>/review/", views.portal_review_request, name="review-request"),
    path("<id:pk>/extension/", views.portal_extension_request, name="extension-request"),
    path("<id:pk>/reply/sign-off/", views.portal_reply_sign_off, name="reply-sign-off"),
    path("<id:pk>/reply/return/", views.portal_reply_return, name="reply-return"),
    path("<id:pk>/reply/recall/", views.portal_reply_recall, name="reply-recall"),
    path("<id:pk>/reply/discard/", views.portal_reply_discard, name="reply-discard"),
    path("<id:pk>/reply/attachment/", views.portal_draft_file, name="draft-attachment"),
    path("<id:pk>/reply/items/<id:item>/evidence/", views.portal_draft_file,
         name="draft-evidence"),
]
# The agencies' duties besides replies (issue 19): each flow's pages (portal/views/<flow>.py).
for _flow in FLOWS:
    urlpatterns += import_module(f"portal.views.{_flow}").urlpatterns
