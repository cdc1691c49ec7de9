"""Writes on supervision instruments, one module per stage of their life (DOMAIN.md §4).

Each function is one action by an explicit ``actor``, runs in a transaction, passes the one
transition table (:func:`recommendations.transitions.enforce`: who, from which state), writes
the audit entry and queues side effects on commit. Extensions live in
``recommendations.services.extensions`` and the procuratorate's own deadlines in
``recommendations.internal_deadlines``.
"""

from .approval import committee_decision_record, recommendation_approve, recommendation_return
from .batch import recommendation_draft_batch
from .drafting import (
                       check_addressee,
                       check_period_override,
                       format_document_number,
                       recommendation_draft,
                       recommendation_edit,
                       recommendation_issue,
                       recommendation_submit,
                       reply_due_date,
                       split_items,
)
from .evaluation import ItemEvaluationInput, recommendation_evaluate, rectification_verify
from .followup import follow_up_higher_action, follow_up_record, recommendation_close
from .replies import (
                       ItemAnswerInput,
                       reply_action,
                       reply_draft_discard,
                       reply_draft_recall,
                       reply_draft_return,
                       reply_draft_save,
                       reply_draft_sign_off,
                       reply_draft_submit,
                       reply_submit,
)
from .review import review_decide, review_request
from .service import receipt_upload, recommendation_acknowledge, recommendation_serve
from .voiding import recommendation_void

__all__ = [
                       "ItemAnswerInput",
                       "ItemEvaluationInput",
                       "check_addressee",
                       "check_period_override",
                       "committee_decision_record",
                       "follow_up_higher_action",
                       "follow_up_record",
                       "format_document_number",
                       "receipt_upload",
                       "recommendation_acknowledge",
                       "recommendation_approve",
                       "recommendation_close",
                       "recommendation_draft",
                       "recommendation_draft_batch",
                       "recommendation_edit",
                       "recommendation_evaluate",
                       "recommendation_issue",
                       "recommendation_return",
                       "recommendation_serve",
                       "recommendation_submit",
                       "recommendation_void",
                       "rectification_verify",
                       "reply_action",
                       "reply_draft_discard",
                       "reply_draft_recall",
                       "reply_draft_return",
                       "reply_draft_save",
                       "reply_draft_sign_off",
                       "reply_draft_submit",
                       "reply_due_date",
                       "reply_submit",
                       "review_decide",
                       "review_request",
                       "split_items",
]
