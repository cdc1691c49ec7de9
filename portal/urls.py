from django.urls import path

from portal.views import inbox as inbox_views
from portal.views import instrument as views

app_name = "portal"
urlpatterns = [
    path("", inbox_views.inbox, name="inbox"),
    path("<int:pk>/", views.portal_detail, name="detail"),
    path("<int:pk>/acknowledge/", views.portal_acknowledge, name="acknowledge"),
    path("<int:pk>/review/", views.portal_review_request, name="review-request"),
    path("<int:pk>/extension/", views.portal_extension_request, name="extension-request"),
    path("<int:pk>/reply/sign-off/", views.portal_reply_sign_off, name="reply-sign-off"),
    path("<int:pk>/reply/return/", views.portal_reply_return, name="reply-return"),
    path("<int:pk>/reply/recall/", views.portal_reply_recall, name="reply-recall"),
    path("<int:pk>/reply/discard/", views.portal_reply_discard, name="reply-discard"),
    path("<int:pk>/reply/attachment/", views.portal_draft_file, name="draft-attachment"),
    path("<int:pk>/reply/items/<int:item>/evidence/", views.portal_draft_file,
         name="draft-evidence"),
]
