"""The instruments' part in a case's life, registered with :mod:`cases.hooks` (``cases`` is a
lower layer and does not import instruments): a case cannot be finished while an instrument
is open; the timeline shows the instruments' steps and the sweep's deadline events; the next
action looks at the instruments first; the case list's "overdue" filter finds a case whose
instrument's reply is overdue. Registered by :meth:`RecommendationsConfig.ready`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import hooks
from cases.hooks import Candidate, NextAction, TimelineSource, Urgency
from cases.models import SupervisionCase
from cases.selectors import audit_targets

from .choices import InstrumentStatus
from .models import DeadlineEvent, Recommendation

#: Instruments on their way to, or waiting for, the agency's answer: a case with one of these
#: cannot be finished (the clock of seed 000 §8 is still running) — nor while rectification
#: is still to be verified (回头看) or a follow-up is under way (issue 6).
OPEN_INSTRUMENT_STATUSES = frozenset({
    InstrumentStatus.PENDING_APPROVAL, InstrumentStatus.APPROVED, InstrumentStatus.ISSUED,
    InstrumentStatus.AWAITING_REPLY, InstrumentStatus.UNDER_REVIEW,
    InstrumentStatus.RECTIFICATION_PENDING, InstrumentStatus.FOLLOW_UP,
})


def open_instruments_guard(case: SupervisionCase) -> str | None:
    """A case with an open instrument is neither closed nor terminated."""
    open_numbers = [rec.number or str(rec.instrument_type) for rec in Recommendation.objects.filter(
        case=case, status__in=OPEN_INSTRUMENT_STATUSES).select_related("instrument_type")]
    if not open_numbers:
        return None
    return _("案件尚有未办结的监督文书（%(items)s），不能结案或终结。") % {
        "items": "、".join(open_numbers)}


# --- the timeline ------------------------------------------------------------------------

ACTION_LABELS = {
    "recommendation_draft": gettext_lazy("拟制文书"),
    "recommendation_submit": gettext_lazy("提请审批"),
    "recommendation_approve": gettext_lazy("审批同意"),
    "recommendation_return": gettext_lazy("退回修改"),
    "committee_decision_record": gettext_lazy("记录检察委员会决定"),
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
}
EVENT_LABELS = {
    "overdue": gettext_lazy("回复逾期"),
    "escalation": gettext_lazy("升级督办"),
}
#: The overdue notice of the procuratorate's own deadline and of a clue transfer's feedback.
INTERNAL_OVERDUE = gettext_lazy("本院办理期限逾期")
TRANSFER_OVERDUE = gettext_lazy("移送线索逾期未反馈")


def _audit_targets(case: SupervisionCase) -> QuerySet:
    """The case's instruments, whose audit entries are on the case's timeline."""
    return audit_targets(Recommendation.objects.filter(case=case))


def _detail(action: str, data: dict[str, Any]) -> str:
    if action == "recommendation_issue":
        return data.get("number", "")
    if action == "recommendation_serve" and data.get("due_date") not in (None, "None"):
        return _("回复期限 %(date)s") % {"date": data["due_date"]}
    return ""


#: What the timeline reads of an event (its subject's number or recipient besides).
EVENT_COLUMNS = ("created_at", "kind", "recommendation_id", "deadline_id", "transfer_id")


def _deadline_events(case: SupervisionCase) -> list[dict]:
    """The deadline events (overdue, escalation) the sweep wrote for the case's instruments,
    the procuratorate's own deadlines on them and the case's clue transfers. Two queries, each
    a join the indexes serve (an ``OR`` across the two joins would read every event)."""
    events = [*DeadlineEvent.objects.filter(recommendation__case=case, kind__in=EVENT_LABELS)
              .select_related("recommendation").only(*EVENT_COLUMNS, "recommendation__number"),
              *DeadlineEvent.objects.filter(transfer__case=case, kind__in=EVENT_LABELS)
              .select_related("transfer").only(*EVENT_COLUMNS, "transfer__recipient")]
    items = []
    for ev in events:
        if ev.transfer_id is not None:
            what, detail = TRANSFER_OVERDUE, ev.transfer.recipient
        elif ev.deadline_id is not None:
            what, detail = INTERNAL_OVERDUE, ev.recommendation.number or ""
        else:
            what, detail = EVENT_LABELS[ev.kind], ev.recommendation.number or ""
        items.append({"when": ev.created_at, "who": None, "what": what, "detail": detail,
                      "action": f"deadline_{ev.kind}"})
    return items


TIMELINE = TimelineSource(audit_targets=_audit_targets, labels=ACTION_LABELS, detail=_detail,
                          items=_deadline_events)


# --- the next action ---------------------------------------------------------------------

#: The procuratorate's own steps on an instrument, most pressing first.
STEPS = [
    (InstrumentStatus.REPLIED, gettext_lazy("评估 %(number)s 的回复并决定是否跟进")),
    (InstrumentStatus.ISSUED, gettext_lazy("登记 %(number)s 的送达")),
    (InstrumentStatus.APPROVED, gettext_lazy("签发%(number)s")),
    (InstrumentStatus.PENDING_APPROVAL, gettext_lazy("等待审批%(number)s")),
    (InstrumentStatus.DRAFT, gettext_lazy("完善草稿%(number)s并提请审批")),
]


def next_action_candidates(case: SupervisionCase, instruments: Sequence[Recommendation],
                           today: datetime.date) -> Iterator[Candidate]:
    """From the instruments the case page loaded (no query): the earliest overdue reply, else
    the nearest running one; and the first of the procuratorate's own steps."""
    running = sorted((r for r in instruments if r.is_running() and r.due_date),
                     key=lambda r: r.due_date)
    overdue = [r for r in running if r.is_overdue(today)]
    if overdue:
        rec = overdue[0]
        yield Candidate(Urgency.OVERDUE, NextAction(
            _("%(number)s 已逾期未回复：催告或者通报上级机关、主管部门") % {"number": rec.number},
            rec.due_date, True, rec.get_absolute_url()))
    elif running:
        rec = running[0]
        yield Candidate(Urgency.WAITING, NextAction(
            _("等待 %(agency)s 回复 %(number)s") % {"agency": rec.agency.name, "number": rec.number},
            rec.due_date, False, rec.get_absolute_url()))
    for status, text in STEPS:
        rec = next((r for r in instruments if r.status == status), None)
        if rec is not None:
            label = rec.number or f"“{rec.title}”"
            yield Candidate(Urgency.STEP, NextAction(str(text) % {"number": label},
                                                     link=rec.get_absolute_url()))
            break


# --- the case list's "overdue" filter ----------------------------------------------------

def overdue_instrument(today: datetime.date) -> Exists:
    """A case with an instrument whose reply is overdue."""
    return Exists(Recommendation.objects.overdue(today).filter(case=OuterRef("pk")))


def register() -> None:
    """Called once by ``RecommendationsConfig.ready()``."""
    hooks.close_guards.register(open_instruments_guard)
    hooks.timeline_sources.register(TIMELINE)
    hooks.next_action_sources.register(next_action_candidates)
    hooks.overdue_conditions.register(overdue_instrument)
