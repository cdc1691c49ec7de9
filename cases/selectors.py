"""Reads about cases that the pages need: the case page (:func:`case_page`) with its timeline
and next action, the case list's rows, the duplicate warning, the interference records.

What the layers above bring to them — the instruments' steps and deadline events, the next
step an instrument asks for — comes through the hooks they register (:mod:`cases.hooks`).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from guardian.shortcuts import get_users_with_perms

from supervision.models import AuditEntry, User

from . import hooks
from .choices import CaseStatus, MeasureType
from .filtersets import sort_ordering
from .hooks import Candidate, NextAction, Urgency
from .models import (
    Attachment,
    ClueTransfer,
    EarlyInvolvement,
    InterferenceRecord,
    InvestigationMeasure,
    Party,
    RelatedCaseNumber,
    SupervisionCase,
    SupplementaryReturn,
)
from .permissions import can_read_interference, cases_visible_to, interference_visible_to
from .transitions import ACTION_LABELS as TRANSITION_LABELS

#: What a row of the case list shows besides the case's own columns.
LIST_RELATED = ("kind", "matter", "matter__parent", "agency", "handler")
#: The interference list shows at most this many records, newest first.
INTERFERENCE_LIST_LIMIT = 500

ACTION_LABELS = {
    "case_register": gettext_lazy("登记案件"),
    "case_review": TRANSITION_LABELS["review"],
    "case_supervise": TRANSITION_LABELS["supervise"],
    "case_not_support": gettext_lazy("作出不支持监督决定"),
    "case_terminate": TRANSITION_LABELS["terminate"],
    "case_close": TRANSITION_LABELS["close"],
    "measure_record": gettext_lazy("调查核实"),
    "measure_escalate_refusal": gettext_lazy("报告拒不配合情形"),
    "measure_refusal_recorded": gettext_lazy("记录拒不配合情形"),
    "attachment_add": gettext_lazy("上传附件"),
    "clue_transfer_create": gettext_lazy("移送线索"),
    "clue_transfer_reply": gettext_lazy("登记线索移送反馈"),
    "clue_transfer_read": gettext_lazy("阅知线索移送反馈"),
    "early_involvement_record": gettext_lazy("记录提前介入"),
    "early_involvement_opinion": gettext_lazy("记录提前介入意见"),
    "supplementary_return_record": gettext_lazy("退回补充调查"),
    "supplementary_return_resubmitted": gettext_lazy("登记补充调查后重新移送"),
    "case_share": gettext_lazy("共享案件"),
    "case_unshare": gettext_lazy("取消共享"),
    "case_record_seal": gettext_lazy("封存犯罪记录"),
    "case_record_unseal": gettext_lazy("解除犯罪记录封存"),
}


def audit_targets(qs: QuerySet) -> QuerySet:
    """``(target_type, pk as text)`` of every row of ``qs``: what ``AuditEntry`` names a row by
    (``target_type``, ``target_id``), ready to be one branch of a ``UNION ALL``."""
    label = qs.model._meta.label_lower
    return (qs.order_by().annotate(audit_type=Value(label, output_field=CharField()),
                                   audit_id=Cast("pk", CharField()))
            .values_list("audit_type", "audit_id"))


def _detail(action: str, data: dict[str, Any]) -> str:
    if action == "measure_record" and data.get("type") in MeasureType.values:
        text = str(MeasureType(data["type"]).label)
        return text + (_("（拒不配合）") if data.get("refused") == "True" else "")
    if action == "case_register":
        return data.get("number", "")
    if action == "attachment_add":
        return data.get("name", "")
    if action == "case_record_unseal":
        return data.get("reason", "")
    if action in ("clue_transfer_create", "early_involvement_record",
                  "supplementary_return_record"):
        return data.get("recipient", "") or data.get("organ", "")
    return ""


#: The case page shows the latest this many steps of the timeline; the rest on demand.
TIMELINE_SHOWN = 50


def case_timeline(case: SupervisionCase, latest: int | None = None) -> list[dict]:
    """Everything that happened on the case, oldest first, with who and when: the audit
    entries of the case, its measures, transfers and files, and those the timeline sources
    registered in :mod:`cases.hooks` bring (its instruments' steps; the deadline events the
    sweep wrote). Whatever the case's size: one ``UNION ALL`` query for the rows whose
    entries belong to the case (its measures, transfers, files and the sources' rows), one for
    the audit entries of all of them — plain ``(target_type, target_id)`` lists the target
    index serves, never a subquery ORed in, which sends the planner through every audit entry
    — and the sources' own rows. Interference records are left out: they have their own,
    narrower audience."""
    sources = tuple(hooks.timeline_sources)
    labels = dict(ACTION_LABELS)
    details = {}
    targets = [audit_targets(case.measures.all()), audit_targets(case.transfers.all()),
               audit_targets(case.attachments.all()), audit_targets(case.early_involvements.all()),
               audit_targets(case.supplementary_returns.all())]
    for source in sources:
        targets.append(source.audit_targets(case))
        labels.update(source.labels)
        details.update(dict.fromkeys(source.labels, source.detail))
    ids: dict[str, list[str]] = {}
    for target_type, target_id in targets[0].union(*targets[1:], all=True):
        ids.setdefault(target_type, []).append(target_id)
    condition = Q(target_type="cases.supervisioncase", target_id=str(case.pk))
    for target_type, target_ids in ids.items():
        condition |= Q(target_type=target_type, target_id__in=target_ids)
    entries = AuditEntry.objects.filter(
        condition,
        # Only the steps the case file names: never the agency's own drafting and sign-off
        # (the procuratorate does not see a draft), nor bookkeeping without a label.
        action__in=list(labels),
    ).select_related("actor").order_by("-created_at", "-pk")
    if latest is not None:  # one more than shown: whether there are earlier steps
        entries = entries[:latest + 1]
    items = [{"when": e.created_at, "who": e.actor, "what": labels[e.action],
              "detail": details.get(e.action, _detail)(e.action, e.data), "action": e.action}
             for e in list(entries)[::-1]]  # oldest first, as the page reads
    for source in sources:
        items += source.items(case)
    items.sort(key=lambda item: item["when"])
    return items if latest is None else items[-(latest + 1):]


def next_action(case: SupervisionCase, instruments: Sequence[Any],
                transfers: list[ClueTransfer], measures: list[InvestigationMeasure],
                today: datetime.date | None = None) -> NextAction | None:
    """The most urgent open step, from rows the case page has already loaded (no query).

    Order (:class:`cases.hooks.Urgency`): an overdue instrument (urge / escalate, seed 000
    §8), overdue transfer feedback, the nearest running deadline (a reply, a transfer's
    feedback), replies to evaluate, instruments to serve / issue / approve, a refusal to
    cooperate not yet reported, then the case's own next status step. The instruments' part
    comes from the next-action sources registered in :mod:`cases.hooks`, which read
    ``instruments``.
    """
    today = today or timezone.localdate()
    if case.status in {CaseStatus.CLOSED, CaseStatus.NOT_SUPPORTED, CaseStatus.TERMINATED}:
        return None
    candidates = hooks.next_action_candidates(case, instruments, today)
    candidates += _own_candidates(transfers, measures, today)
    if candidates:
        return min(candidates, key=Candidate.key).action
    return NextAction({
        CaseStatus.ACCEPTED: _("开始审查"),
        CaseStatus.REVIEWING: _("调查核实，提出监督意见或者作出不支持监督决定"),
        CaseStatus.SUPERVISING: _("文书均已办结：结案"),
    }[case.status])


def _own_candidates(transfers: list[ClueTransfer], measures: list[InvestigationMeasure],
                    today: datetime.date) -> list[Candidate]:
    """The case's own rows' candidates: transfers waiting for feedback (the earliest; overdue
    or not) and the first refusal to cooperate not yet reported."""
    found = []
    waiting = sorted((t for t in transfers if t.is_running()), key=lambda t: t.due_date)
    late = [t for t in waiting if t.is_overdue(today)]
    if late:
        found.append(Candidate(Urgency.OVERDUE_FEEDBACK, NextAction(
            _("%(recipient)s 逾期未反馈移送线索的办理结果：催办") % {"recipient": late[0].recipient},
            late[0].due_date, True)))
    elif waiting:
        found.append(Candidate(Urgency.WAITING, NextAction(
            _("等待 %(recipient)s 反馈移送线索的办理结果") % {"recipient": waiting[0].recipient},
            waiting[0].due_date, False)))
    refused = next((m for m in measures if m.refused and m.escalated_at is None), None)
    if refused is not None:
        found.append(Candidate(Urgency.REFUSAL, NextAction(
            _("%(target)s 拒不配合调查核实：报告审批人，研究通报其上级机关或者主管部门") % {
                "target": refused.target})))
    return found


def case_shared_with(case: SupervisionCase) -> QuerySet[User]:
    """The outside users a case is shared with (django-guardian rows), by procuratorate."""
    return get_users_with_perms(case, only_with_perms_in=["view_shared_case"],
                                with_superusers=False, with_group_users=False).select_related(
        "procuratorate").order_by("procuratorate__path", "username")


@dataclass(frozen=True)
class CasePage:
    """Everything the case page shows about ``case`` (``cases/detail.html``)."""

    parties: list[Party]
    related_numbers: list[RelatedCaseNumber]
    #: The case's instruments (``recommendations``), with type, agency and replies.
    instruments: list[Any]
    #: Measures and transfers carry their own files in ``.files``.
    measures: list[InvestigationMeasure]
    transfers: list[ClueTransfer]
    #: Files of the case itself (neither a measure's nor a transfer's).
    case_files: list[Attachment]
    #: None when the user may not read the case's interference records.
    interference: list[InterferenceRecord] | None
    #: The latest ``TIMELINE_SHOWN`` steps (all of them when asked), oldest first.
    timeline: list[dict]
    #: Whether earlier steps were left out.
    timeline_earlier: bool
    next: NextAction | None
    #: Early involvement at the supervisory commission's request, and returns for
    #: supplementary investigation (seed 002 §7).
    early_involvements: list[EarlyInvolvement] = ()
    supplementary_returns: list[SupplementaryReturn] = ()


#: The instruments' long texts, which the case page does not show (its own page does).
INSTRUMENT_TEXTS = ("case_source", "facts", "problems", "legal_basis", "body", "return_reason",
                    "period_reason")


def case_page(case: SupervisionCase, user: User, whole_timeline: bool = False) -> CasePage:
    """The case page's rows for ``user`` (who may see ``case``: ``get_case_for_user``). One
    query each for the instruments (plus their replies), measures, transfers, files, parties
    and related numbers, the interference records (only for those who may read them), and
    the timeline's (:func:`case_timeline`) — whatever the case's size."""
    instruments = list(case.recommendations.select_related("instrument_type", "agency")
                       .defer(*INSTRUMENT_TEXTS).prefetch_related("replies").order_by("pk"))
    measures = list(case.measures.select_related("agency", "recorded_by", "escalated_by"))
    transfers = list(case.transfers.select_related("transferred_by"))
    # One query for every file of the case, shared out to its measures and transfers.
    attachments = list(case.attachments.select_related("uploaded_by"))
    for owner, key in ((measures, "measure_id"), (transfers, "transfer_id")):
        for item in owner:
            item.files = [a for a in attachments if getattr(a, key) == item.pk]
    timeline = case_timeline(case, None if whole_timeline else TIMELINE_SHOWN)
    earlier = not whole_timeline and len(timeline) > TIMELINE_SHOWN
    if earlier:
        timeline = timeline[1:]
    return CasePage(
        parties=list(case.parties.all()),
        related_numbers=list(case.related_numbers.all()),
        instruments=instruments,
        measures=measures,
        transfers=transfers,
        case_files=[a for a in attachments if a.measure_id is None and a.transfer_id is None],
        interference=(list(case.interference_records.select_related("recorded_by"))
                      if can_read_interference(user, case) else None),
        timeline=timeline,
        timeline_earlier=earlier,
        next=next_action(case, instruments, transfers, measures),
        early_involvements=list(case.early_involvements.select_related("procurator")),
        supplementary_returns=list(case.supplementary_returns.all()),
    )


def case_list_rows(qs: QuerySet[SupervisionCase]) -> QuerySet[SupervisionCase]:
    """The case list's rows from the filterset's queryset (``CaseFilter(...).qs``, already
    limited to the visible cases): with what each row shows, parties in one more query."""
    return qs.select_related(*LIST_RELATED).prefetch_related("parties")


def case_export_rows(qs: QuerySet[SupervisionCase], sort: str | None) -> QuerySet[SupervisionCase]:
    """The filterset's queryset in the order the list shows for ``sort`` (``?sort=``), for the
    CSV / XLSX export (which brings its own related rows)."""
    return qs.order_by(*sort_ordering(sort))


def duplicates_seen_by(user: User, duplicates: Sequence[SupervisionCase]) -> list[dict[str, Any]]:
    """The possible duplicates of a case being registered, each with whether ``user`` may open
    it (``{"case": …, "visible": bool}``): a case out of reach is named, not linked. One query."""
    visible = set(cases_visible_to(user).filter(
        pk__in=[c.pk for c in duplicates]).values_list("pk", flat=True))
    return [{"case": c, "visible": c.pk in visible} for c in duplicates]


def interference_records_for(user: User) -> list[InterferenceRecord]:
    """The interference records ``user`` may read (``interference_visible_to``), with their
    case, its procuratorate and the recorder; at most ``INTERFERENCE_LIST_LIMIT``. One query."""
    return list(interference_visible_to(user).select_related(
        "case", "case__procuratorate", "recorded_by")[:INTERFERENCE_LIST_LIMIT])


def case_shared_user(case: SupervisionCase, user_id: str) -> User | None:
    """The outside user ``user_id`` (as posted) ``case`` is shared with, or None — for an
    unknown or malformed id too."""
    if not user_id.isdecimal():
        return None
    try:
        return case_shared_with(case).get(pk=int(user_id))
    except User.DoesNotExist:
        return None
