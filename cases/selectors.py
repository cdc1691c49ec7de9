"""Reads about cases that combine several tables: the timeline and the next action."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from recommendations.choices import InstrumentStatus
from recommendations.models import DeadlineEvent, Recommendation
from supervision.models import AuditEntry

from .choices import CaseStatus, MeasureType
from .models import ClueTransfer, InvestigationMeasure, SupervisionCase
from .transitions import ACTION_LABELS as TRANSITION_LABELS

ACTION_LABELS = {
    "case_register": gettext_lazy("登记案件"),
    "case_review": TRANSITION_LABELS["review"],
    "case_supervise": TRANSITION_LABELS["supervise"],
    "case_not_support": gettext_lazy("作出不支持监督决定"),
    "case_terminate": TRANSITION_LABELS["terminate"],
    "case_close": TRANSITION_LABELS["close"],
    "measure_record": gettext_lazy("调查核实"),
    "measure_escalate_refusal": gettext_lazy("报告拒不配合情形"),
    "attachment_add": gettext_lazy("上传附件"),
    "clue_transfer_create": gettext_lazy("移送线索"),
    "clue_transfer_reply": gettext_lazy("登记线索移送反馈"),
    "recommendation_draft": gettext_lazy("拟制文书"),
    "recommendation_submit": gettext_lazy("提请审批"),
    "recommendation_approve": gettext_lazy("审批同意"),
    "recommendation_return": gettext_lazy("退回修改"),
    "recommendation_issue": gettext_lazy("签发文书"),
    "recommendation_serve": gettext_lazy("登记送达"),
    "reply_submit": gettext_lazy("单位书面回复"),
    "reply_supplement": gettext_lazy("单位补充回复"),
    "recommendation_extend": gettext_lazy("延长回复期限"),
    "extension_request": gettext_lazy("单位申请延期"),
    "extension_refuse": gettext_lazy("不同意延期"),
    "recommendation_acknowledge": gettext_lazy("单位签收（电子送达）"),
    "receipt_upload": gettext_lazy("上传送达回证"),
    "recommendation_void": gettext_lazy("作废文书"),
    "review_request": gettext_lazy("单位提出异议/申请复查"),
    "review_decide": gettext_lazy("对异议/复查作出决定"),
    "recommendation_evaluate": gettext_lazy("评估回复"),
    "rectification_verify": gettext_lazy("核查整改情况"),
    "follow_up_record": gettext_lazy("跟进监督"),
    "follow_up_higher_action": gettext_lazy("上级院跟进监督"),
    "recommendation_close": gettext_lazy("文书办结"),
    "case_share": gettext_lazy("共享案件"),
    "case_unshare": gettext_lazy("取消共享"),
}
EVENT_LABELS = {
    "overdue": gettext_lazy("回复逾期"),
    "escalation": gettext_lazy("升级督办"),
}


def _ids(qs: QuerySet) -> QuerySet:
    """The primary keys of ``qs`` as text, to match ``AuditEntry.target_id`` in a subquery."""
    return qs.annotate(pk_text=Cast("pk", CharField())).values("pk_text")


def _detail(action: str, data: dict[str, Any]) -> str:
    if action == "measure_record" and data.get("type") in MeasureType.values:
        text = str(MeasureType(data["type"]).label)
        return text + (_("（拒不配合）") if data.get("refused") == "True" else "")
    if action in {"case_register", "recommendation_issue"}:
        return data.get("number", "")
    if action == "attachment_add":
        return data.get("name", "")
    if action == "clue_transfer_create":
        return data.get("recipient", "")
    if action == "recommendation_serve" and data.get("due_date") not in (None, "None"):
        return _("回复期限 %(date)s") % {"date": data["due_date"]}
    return ""


def case_timeline(case: SupervisionCase) -> list[dict]:
    """Everything that happened on the case, oldest first, with who and when: the audit
    entries of the case, its instruments, measures, transfers and files, plus the deadline
    events (overdue, escalation) the sweep wrote. Two queries, whatever the case's size.
    Interference records are left out: they have their own, narrower audience."""
    instruments = Recommendation.objects.filter(case=case)
    entries = AuditEntry.objects.filter(
        Q(target_type="cases.supervisioncase", target_id=str(case.pk))
        | Q(target_type="recommendations.recommendation", target_id__in=_ids(instruments))
        | Q(target_type="cases.investigationmeasure", target_id__in=_ids(case.measures.all()))
        | Q(target_type="cases.cluetransfer", target_id__in=_ids(case.transfers.all()))
        | Q(target_type="cases.attachment", target_id__in=_ids(case.attachments.all())),
        # Only the steps the case file names: never the agency's own drafting and sign-off
        # (the procuratorate does not see a draft), nor bookkeeping without a label.
        action__in=list(ACTION_LABELS),
    ).select_related("actor").order_by("created_at", "pk")
    items = [{"when": e.created_at, "who": e.actor, "what": ACTION_LABELS[e.action],
              "detail": _detail(e.action, e.data), "action": e.action} for e in entries]
    events = DeadlineEvent.objects.filter(recommendation__case=case, kind__in=EVENT_LABELS).select_related(
        "recommendation")
    items += [{"when": ev.created_at, "who": None, "what": EVENT_LABELS[ev.kind],
               "detail": ev.recommendation.number or "", "action": f"deadline_{ev.kind}"}
              for ev in events]
    return sorted(items, key=lambda item: item["when"])


@dataclass(frozen=True)
class NextAction:
    """What the handling procurator should do next, and by when (if a period runs)."""

    text: str
    due_date: datetime.date | None = None
    overdue: bool = False
    link: str = ""


def next_action(case: SupervisionCase, instruments: list[Recommendation],
                transfers: list[ClueTransfer], measures: list[InvestigationMeasure],
                today: datetime.date | None = None) -> NextAction | None:
    """The most urgent open step, from rows the case page has already loaded (no query).

    Order: an overdue instrument (urge / escalate, seed 000 §8), overdue transfer feedback,
    the nearest reply deadline, replies to evaluate, instruments to serve / issue / approve,
    a refusal to cooperate not yet reported, then the case's own next status step.
    """
    today = today or timezone.localdate()
    if case.status in {CaseStatus.CLOSED, CaseStatus.NOT_SUPPORTED, CaseStatus.TERMINATED}:
        return None
    awaiting = sorted((r for r in instruments if r.status == InstrumentStatus.AWAITING_REPLY
                       and r.due_date), key=lambda r: r.due_date)
    waiting_transfers = sorted((t for t in transfers if t.replied_on is None), key=lambda t: t.due_date)
    overdue = [r for r in awaiting if r.due_date < today]
    if overdue:
        rec = overdue[0]
        return NextAction(_("%(number)s 已逾期未回复：催告或者通报上级机关、主管部门") % {
            "number": rec.number}, rec.due_date, True, rec.get_absolute_url())
    late_transfers = [t for t in waiting_transfers if t.due_date < today]
    if late_transfers:
        t = late_transfers[0]
        return NextAction(_("%(recipient)s 逾期未反馈移送线索的办理结果：催办") % {
            "recipient": t.recipient}, t.due_date, True)
    if awaiting or waiting_transfers:
        candidates = [(r.due_date, _("等待 %(agency)s 回复 %(number)s") % {
            "agency": r.agency.name, "number": r.number}, r.get_absolute_url()) for r in awaiting[:1]]
        candidates += [(t.due_date, _("等待 %(recipient)s 反馈移送线索的办理结果") % {
            "recipient": t.recipient}, "") for t in waiting_transfers[:1]]
        due, text, link = min(candidates, key=lambda c: c[0])
        return NextAction(text, due, False, link)
    steps = [
        (InstrumentStatus.REPLIED, _("评估 %(number)s 的回复并决定是否跟进")),
        (InstrumentStatus.ISSUED, _("登记 %(number)s 的送达")),
        (InstrumentStatus.APPROVED, _("签发%(number)s")),
        (InstrumentStatus.PENDING_APPROVAL, _("等待审批%(number)s")),
        (InstrumentStatus.DRAFT, _("完善草稿%(number)s并提请审批")),
    ]
    for status, text in steps:
        rec = next((r for r in instruments if r.status == status), None)
        if rec is not None:
            label = rec.number or f"“{rec.title}”"
            return NextAction(text % {"number": label}, link=rec.get_absolute_url())
    refused = next((m for m in measures if m.refused and m.escalated_at is None), None)
    if refused is not None:
        return NextAction(_("%(target)s 拒不配合调查核实：报告审批人，研究通报其上级机关或者主管部门") % {
            "target": refused.target})
    return NextAction({
        CaseStatus.ACCEPTED: _("开始审查"),
        CaseStatus.REVIEWING: _("调查核实，提出监督意见或者作出不支持监督决定"),
        CaseStatus.SUPERVISING: _("文书均已办结：结案"),
    }[case.status])
