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
    path("new/<id:case_pk>/", drafts.draft_create, name="draft"),
    path("new/<id:case_pk>/similar/", life.batch_draft, name="draft-batch"),
    path("verify/", life.verify_pdf, name="verify-pdf"),
    path("<id:pk>/", views.recommendation_detail, name="detail"),
    path("<id:pk>/edit/", drafts.draft_edit, name="edit"),
    path("<id:pk>/draft.docx", drafts.draft_docx, name="docx"),
    path("<id:pk>/docx/", drafts.draft_docx_upload, name="docx-upload"),
    path("<id:pk>/serve/", views.recommendation_serve, name="serve"),
    path("<id:pk>/committee-decision/", views.committee_decision, name="committee-decision"),
    path("<id:pk>/pdf/", views.recommendation_pdf, name="pdf"),
    path("<id:pk>/receipt.pdf", life.receipt_pdf, name="receipt-pdf"),
    path("<id:pk>/receipt/", life.receipt_file, name="receipt-file"),
    path("<id:pk>/receipt/upload/", life.receipt_upload, name="receipt-upload"),
    path("<id:pk>/void/", life.recommendation_void, name="void"),
    path("<id:pk>/evaluate/", life.recommendation_evaluate, name="evaluate"),
    path("<id:pk>/verify-rectification/", life.rectification_verify, name="verify-rectification"),
    path("<id:pk>/follow-up/", life.follow_up_create, name="follow-up"),
    path("<id:pk>/close/", life.recommendation_close, name="close"),
    path("follow-ups/<id:pk>/higher-action/", life.follow_up_higher_action, name="higher-action"),
    path("reviews/<id:pk>/decide/", life.review_decide, name="review-decide"),
    path("<id:pk>/extend/", extension_views.recommendation_extend, name="extend"),
    path("extensions/<id:pk>/<slug:decision>/", extension_views.extension_decide,
         name="extension-decide"),
    path("<id:pk>/<slug:action>/", views.recommendation_action, name="action"),
    path("replies/<id:pk>/attachment/", views.reply_attachment, name="reply-attachment"),
    path("replies/answers/<id:pk>/evidence/", views.reply_evidence, name="reply-evidence"),
]
