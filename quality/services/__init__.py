"""Every write of the quality app: ``<entity>_<verb>(*, actor, …)``, in a transaction, audited."""

from .reviews import (
    FEEDBACK_RULE,
    review_cancel,
    review_conclude,
    review_feedback,
    review_grade,
    review_record,
    review_start,
)

__all__ = ["FEEDBACK_RULE", "review_cancel", "review_conclude", "review_feedback",
           "review_grade", "review_record", "review_start"]
