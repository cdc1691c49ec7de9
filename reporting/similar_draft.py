"""From a similar-case candidate to a draft (类案监督, seed 004 §3): what the one click on a
candidate's page would start, and starting it through the drafting services themselves —
``recommendation_draft_batch`` (one 类案检察建议 to several agencies, one approval, one number
and clock per addressee) or, with a single addressee, ``recommendation_draft``. Nothing here
decides what a draft may be: the services check who may draft on the case, the addressees and
the case's state, as they do for the drafting pages.

An instrument is always drafted on a case (its anchor, 依托案件): the most recently accepted
case behind the candidate that the user may work on and that is still open. The addressees are
the agencies of the candidate's cases that the anchor's procuratorate supervises (the batch
rule, ``recommendations.services.batch``); others are named on the page as left out.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils import translation

from agencies.models import Agency
from cases.models import SupervisionCase
from cases.permissions import can_work_on_case
from recommendations.models import InstrumentType, Recommendation
from recommendations.services import recommendation_draft, recommendation_draft_batch
from supervision.models import User

from .similar import SAME_AGENCY, Candidate
from .statistics import Period

#: The type a similar-case draft starts as (the procurator may change it on the draft).
DRAFT_TYPE_CODE = "social_governance_recommendation"


@dataclass(frozen=True)
class DraftPlan:
    """What the button would start: the anchor case, the addressees, and the agencies of the
    candidate that cannot be addressed from the anchor's procuratorate."""

    anchor: SupervisionCase
    agencies: list[Agency]
    left_out: list[Agency] = field(default_factory=list)

    @property
    def is_batch(self) -> bool:
        return len(self.agencies) >= 2


def draft_plan(user: User, cases: list[SupervisionCase]) -> DraftPlan | None:
    """The plan for ``user`` over ``cases`` (most recent first, as
    :func:`reporting.similar.candidate_cases` orders them), or None when ``user`` may draft
    on none of them (not a drafter of their procuratorate, or every one of them finished)."""
    anchor = next((c for c in cases if not c.is_finished and can_work_on_case(user, c)), None)
    if anchor is None:
        return None
    seen = {c.agency_id: c.agency for c in reversed(cases)}  # oldest first: a stable order
    agencies = [a for a in seen.values()
                if a.supervising_procuratorate_id == anchor.procuratorate_id]
    left_out = [a for a in seen.values() if a not in agencies]
    return DraftPlan(anchor, agencies, left_out)


def _day(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def prefill(candidate: Candidate, cases: list[SupervisionCase], period: Period) -> dict:
    """The draft's title and sections. They go into the official document, which is Chinese
    whatever the interface language (as ``recommendations.forms.draft_defaults``): worded
    under the Chinese locale; the procurator writes the recommendations (建议内容) themselves."""
    with translation.override("zh-hans"):
        matter = candidate.matter_name.removesuffix("问题")
        title = f"关于{candidate.where}{matter}问题的类案监督检察建议"
        listing = "\n".join(
            f"{n}. {c.number}（{c.agency.name}，{_day(c.accepted_on)}受理）{c.list_title}"
            for n, c in enumerate(cases, 1))
        where = (f"{candidate.agency_name}" if candidate.kind == SAME_AGENCY
                 else f"{candidate.agencies}个{candidate.agency_type_label}")
        return {
            "title": title[:200],
            "case_source": (f"本院在办理以下{candidate.cases}件{candidate.matter_name}监督案件中发现"
                            f"同类问题（类案监督）：\n{listing}"),
            "facts": (f"{_day(period.start)}至{_day(period.end)}，"
                      f"{where}在{candidate.cases}件案件中反复出现{candidate.matter_name}问题。"),
            "problems": "",
            "legal_basis": "",
            "body": "",
        }


def start_draft(*, actor: User, candidate: Candidate, cases: list[SupervisionCase],
                period: Period) -> Recommendation:
    """Start the draft ``draft_plan`` describes, through the drafting services (they raise
    ``PermissionDenied`` / ``ValidationError`` as for the drafting pages)."""
    plan = draft_plan(actor, cases)
    if plan is None or not plan.agencies:
        raise PermissionDenied
    draft = {"actor": actor, "case": plan.anchor,
             "instrument_type": InstrumentType.objects.get(code=DRAFT_TYPE_CODE),
             **prefill(candidate, cases, period)}
    if plan.is_batch:
        return recommendation_draft_batch(agencies=plan.agencies, **draft)
    return recommendation_draft(agency=plan.agencies[0], **draft)
