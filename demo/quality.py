"""The demo world's case quality reviews (quality/): in 定检, one review graded 合格 with a
瑕疵 item — organised by dh.approver, done by dh.pil, who took no part in the case (closed here
by dh.procurator once its instrument was closed: the demo's work leaves every case open) — and one
review of a closed instrument under way, organised by zs.supervisor (专项评查 from above), so
that ``./dev up`` shows the list, a filled checklist with its grade on the case page of
dh.procurator, and a checklist half filled. Through the services, as real use would."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q

from cases.choices import FINISHED_STATUSES, CaseStatus
from cases.models import SupervisionCase
from cases.services import case_transition
from quality import services
from quality.permissions import reviewer_conflict
from quality.services.reviews import applicable_items
from recommendations.choices import InstrumentStatus
from recommendations.models import Recommendation


def _finished_case(builder, reviewer) -> SupervisionCase | None:
    """A case of dh.procurator in 定检 that dh.pil may review, finished: one already finished,
    else an open case whose instruments are all settled (a closed one first), finished now by
    dh.procurator (结案, or 终结审查 before supervision) through the case's own service — the
    demo's work leaves every case open."""
    procurator = builder.users["dh.procurator"]
    mine = (SupervisionCase.objects.filter(handler=procurator, procuratorate__short_name="定检")
            .select_related("procuratorate").order_by("accepted_on", "pk"))
    done = next((c for c in mine.filter(status__in=FINISHED_STATUSES)
                 if reviewer_conflict(reviewer, c) is None), None)
    if done is not None:
        return done
    settled = [InstrumentStatus.CLOSED, InstrumentStatus.VOIDED, InstrumentStatus.WITHDRAWN]
    candidates = (mine.exclude(status__in=FINISHED_STATUSES)
                  .exclude(recommendations__status__in=[
                      s for s in InstrumentStatus.values if s not in settled])
                  .annotate(closed=Count("recommendations", filter=Q(
                      recommendations__status=InstrumentStatus.CLOSED)))
                  .order_by("-closed", "accepted_on", "pk"))
    for case in candidates:
        if reviewer_conflict(reviewer, case) is not None:
            continue
        action = "close" if case.status == CaseStatus.SUPERVISING else "terminate"
        try:
            with transaction.atomic():
                return case_transition(
                    actor=procurator, case=case, action=action, decided_on=builder.today,
                    reason="监督目的已经实现，依法结案。" if action == "close"
                    else "经审查，不需要继续监督，终结审查。")
        except (ValidationError, PermissionDenied):
            continue
    return None


def _closed_instrument(builder, reviewer) -> Recommendation | None:
    """A closed instrument of 定检 that dh.pil may review (dh.procurator's, as it happens)."""
    rows = (Recommendation.objects.filter(procuratorate__short_name="定检",
                                          status=InstrumentStatus.CLOSED)
            .select_related("case", "case__procuratorate")
            .order_by("pk"))
    return next((r for r in rows if reviewer_conflict(reviewer, r.case, r) is None), None)


def build(builder) -> None:
    """Seed the demo world's quality reviews through the services."""
    reviewer = builder.users["dh.pil"]
    case = _finished_case(builder, reviewer)
    if case is not None:
        review = services.review_start(
            actor=builder.users["dh.approver"], kind="routine", reviewers=[reviewer], case=case,
            focus="随机抽取的已结案件：事实认定、法律适用、程序和文书。")
        results = {item.pk: ("conforms", "") for item in applicable_items(review)}
        wording = next(i for i in applicable_items(review) if i.code == "document_wording")
        results[wording.pk] = ("flaw", "结案审查报告中被监督单位名称前后表述不一致，个别文字有误。")
        services.review_record(actor=reviewer, review=review, results=results)
        services.review_grade(
            actor=reviewer, review=review, grade="pass",
            opinion="认定事实清楚，证据充分，适用法律正确，办案程序规范；结案审查报告存在文字瑕疵，"
                    "建议今后加强文书校核。")
    rec = _closed_instrument(builder, reviewer)
    if rec is not None:
        review = services.review_start(
            actor=builder.users["zs.supervisor"], kind="special", reviewers=[reviewer],
            recommendation=rec, focus="专项评查：检察建议的说理和跟踪问效。")
        items = applicable_items(review)
        services.review_record(actor=reviewer, review=review,
                               results={item.pk: ("conforms", "") for item in items[:3]})
    builder.say("案件评查：1 件已评定（合格），1 件评查中。")
