from .checklist import ChecklistItem
from .reviews import Review, ReviewResult

__all__ = ["ChecklistItem", "Review", "ReviewResult"]
