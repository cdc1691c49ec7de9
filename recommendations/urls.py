from django.urls import path

from recommendations.views import (
    drafts,
)
from recommendations.views import (
    extensions as extension_views,
)
from recommendations.views import (
    instruments as views,
)
from recommendations.views import (
    lifecycle as life,
)

app_name = "recommendations"
urlpatterns = [
    path("approvals/", views.approval_queue, name="approvals"),
    path("new/<int:case_pk>/", drafts.draft_create, name="draft"),
    path("new/<int:case_pk>/similar/", life.batch_draft, name="draft-batch"),
    path("verify/", life.verify_pdf, name="verify-pdf"),
    path("<int:pk>/", views.recommendation_detail, name="detail"),
    path("<int:pk>/edit/", drafts.draft_edit, name="edit"),
    path("<int:pk>/draft.docx", drafts.draft_docx, name="docx"),
    path("<int:pk>/docx/", drafts.draft_docx_upload, name="docx-upload"),
    path("<int:pk>/serve/", views.recommendation_serve, name="serve"),
    path("<int:pk>/pdf/", views.recommendation_pdf, name="pdf"),
    path("<int:pk>/receipt.pdf", life.receipt_pdf, name="receipt-pdf"),
    path("<int:pk>/receipt/", life.receipt_file, name="receipt-file"),
    path("<int:pk>/receipt/upload/", life.receipt_upload, name="receipt-upload"),
    path("<int:pk>/void/", life.recommendation_void, name="void"),
    path("<int:pk>/evaluate/", life.recommendation_evaluate, name="evaluate"),
    path("<int:pk>/verify-rectification/", life.rectification_verify, name="verify-rectification"),
    path("<int:pk>/follow-up/", life.follow_up_create, name="follow-up"),
    path("<int:pk>/close/", life.recommendation_close, name="close"),
    path("follow-ups/<int:pk>/higher-action/", life.follow_up_higher_action, name="higher-action"),
    path("reviews/<int:pk>/decide/", life.review_decide, name="review-decide"),
    path("<int:pk>/extend/", extension_views.recommendation_extend, name="extend"),
    path("extensions/<int:pk>/<slug:decision>/", extension_views.extension_decide,
         name="extension-decide"),
    path("<int:pk>/<slug:action>/", views.recommendation_action, name="action"),
    path("replies/<int:pk>/attachment/", views.reply_attachment, name="reply-attachment"),
    path("replies/answers/<int:pk>/evidence/", views.reply_evidence, name="reply-evidence"),
]
