"""Supervision instruments (监督文书), their replies, deadlines and what follows them.

``core``: types, numbering, the instrument, replies, deadline events, extensions, the
procuratorate's own deadlines. ``items``: numbered items (建议事项) and the per-item answers
and evaluations. ``lifecycle``: review requests, evaluations, follow-up, voided numbers,
similar-case batches (issue 6). ``drafts``: the agency's reply
before it is sent (draft, sign-off).
"""

from .approval import ApprovalStep, CommitteeDecision
from .core import (
                   DeadlineEvent,
                   DocumentNumberSequence,
                   InstrumentType,
                   InternalDeadline,
                   Recommendation,
                   RecommendationExtension,
                   Reply,
                   SweepWatermark,
)
from .drafts import ReplyDraft, ReplyDraftItem
from .items import ItemEvaluation, RecommendationItem, ReplyItemAnswer
from .lifecycle import Evaluation, FollowUp, RecommendationBatch, ReviewRequest, VoidedNumber

__all__ = [
    "ApprovalStep", "CommitteeDecision", "DeadlineEvent", "DocumentNumberSequence", "Evaluation", "FollowUp", "InstrumentType",
    "InternalDeadline", "ItemEvaluation", "Recommendation", "RecommendationBatch",
    "RecommendationExtension", "RecommendationItem", "Reply", "ReplyDraft", "ReplyDraftItem", "ReplyItemAnswer", "ReviewRequest",
    "SweepWatermark", "VoidedNumber",
]
