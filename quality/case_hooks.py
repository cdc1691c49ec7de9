"""The reviews' part in a case's page, registered with :mod:`cases.hooks` (``cases`` is a lower
layer and does not import quality): a panel with the case's reviews the viewer may see — the
handler sees the grade of the review of their case once graded — and, for whoever may organise
one, the button to start a review of the finished case.

The reviews' steps are not put on the case timeline: every reader of the case sees the
timeline, and a review is seen by fewer people (``quality.permissions``). Registered by
:meth:`QualityConfig.ready`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from cases import hooks
from cases.hooks import CaseSection
from cases.models import SupervisionCase

from .permissions import REVIEW_LIST_ROLES, can_organise
from .selectors import case_reviews

ACTION_LABELS = {
    "quality_review_start": gettext_lazy("发起案件评查"),
    "quality_review_record": gettext_lazy("填写评查表"),
    "quality_review_grade": gettext_lazy("评定评查等次"),
    "quality_review_feedback": gettext_lazy("反馈评查意见"),
    "quality_review_conclude": gettext_lazy("办结案件评查"),
    "quality_review_cancel": gettext_lazy("撤销案件评查"),
}


def section_context(case: SupervisionCase, user: Any, can_work: bool) -> dict[str, Any] | None:
    """The panel, for the staff who may see reviews; hidden when there is nothing to show
    nor to do (one query, none for a reader who may not see reviews)."""
    if getattr(user, "role", None) not in REVIEW_LIST_ROLES:
        return None
    reviews = case_reviews(case, user)
    may_start = case.is_finished and can_organise(user, case)
    if not reviews and not may_start:
        return None
    return {"reviews": reviews, "may_start": may_start, "case": case}


SECTION = CaseSection(template="quality/_case_section.html", context=section_context)


def register() -> None:
    """Called once by ``QualityConfig.ready()``."""
    hooks.case_sections.register(SECTION)
