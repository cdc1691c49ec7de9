"""What the commutation flow registers at start-up (``DutiesConfig.ready``): its notification
messages and its :class:`duties.registry.Flow`."""

from __future__ import annotations

import datetime

from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from agencies.choices import AgencyType
from supervision.services.notifications import register_messages

from ..models import CommutationProposal, CommutationStatus
from ..permissions.commutation import staff_proposals
from ..registry import Flow, FlowFigure, register

register_messages({
    # The deadline sweep (Deadline.SWEEP_PREFIX = "commutation"): to the procuratorate.
    "commutation.reminder": gettext_noop(
        "%(organ)s报送的建议（%(number)s），检察意见期限将于 %(days)s 日后届满（%(due)s）。"),
    "commutation.due_today": gettext_noop(
        "%(organ)s报送的建议（%(number)s），检察意见期限今天届满（%(due)s）。"),
    "commutation.overdue": gettext_noop(
        "%(organ)s报送的建议（%(number)s），检察意见期限 %(due)s 已过，尚未提出检察意见。"),
    "calendar.moved.commutation": gettext_noop(
        "法定节假日安排调整：建议 %(number)s 的检察意见期限由 %(old)s 改为 %(new)s。"),
    # Organ → procuratorate.
    "commutation.received": gettext_noop(
        "%(organ)s 报送%(kind)s建议（%(number)s），检察意见期限 %(due)s。"),
    "commutation.extended.staff": gettext_noop("建议 %(number)s 的检察意见期限已延长至 %(due)s。"),
    # Procuratorate → the organ's liaisons.
    "commutation.extended": gettext_noop(
        "检察院对贵单位建议 %(number)s 提出检察意见的期限已延长至 %(due)s。"),
    "commutation.opinion_issued": gettext_noop(
        "%(procuratorate)s 已对贵单位建议 %(number)s 提出检察意见（%(opinion)s）。"),
    "commutation.ruling_recorded": gettext_noop("贵单位建议 %(number)s 的裁定结果已登记：%(outcome)s。"),
})


def _received(start: datetime.date, end: datetime.date) -> QuerySet:
    return CommutationProposal.objects.filter(received_on__range=(start, end))


def _on_time(start: datetime.date, end: datetime.date) -> QuerySet:
    return CommutationProposal.objects.filter(opinion_issued_on__range=(start, end),
                                              opinion_issued_on__lte=F("due_date"))


def _late(start: datetime.date, end: datetime.date) -> QuerySet:
    return CommutationProposal.objects.filter(opinion_issued_on__range=(start, end),
                                              opinion_issued_on__gt=F("due_date"))


def _corrections(start: datetime.date, end: datetime.date) -> QuerySet:
    return CommutationProposal.objects.filter(correction__issued_on__range=(start, end))


FLOW = register(Flow(
    key="commutation",
    label=_("减刑、假释、暂予监外执行建议"),
    staff_url="duties:commutation-list",
    staff_pending=lambda user: staff_proposals(user).filter(status=CommutationStatus.PENDING),
    portal_url="portal:commutation-list",
    # The executing organs send the copies (duties.services.commutation.EXECUTING_ORGANS).
    portal_agency_types=frozenset({AgencyType.PRISON, AgencyType.DETENTION,
                                   AgencyType.COMMUNITY_CORRECTION}),
    agency_pending=None,
    figures=(
        FlowFigure(
            code="commutation_received", label="收到减刑、假释、暂予监外执行建议",
            label_en="Commutation, parole and outside-prison proposals received",
            definition="期间内收到（收到日期在期间内）的执行机关减刑、假释、暂予监外执行建议书副本。",
            definition_en="Copies of proposals from executing organs received in the period.",
            rows=_received, agency="organ"),
        FlowFigure(
            code="commutation_opinions_on_time", label="按期提出检察意见",
            label_en="Opinions on proposals given on time",
            definition="期间内提出、且不晚于检察意见期限（含延长）的检察意见。",
            definition_en="Opinions issued in the period by their due date (extension included).",
            rows=_on_time, agency="organ", scorecard=False),
        FlowFigure(
            code="commutation_opinions_late", label="逾期提出检察意见",
            label_en="Opinions on proposals given late",
            definition="期间内提出、但晚于检察意见期限（含延长）的检察意见。",
            definition_en="Opinions issued in the period after their due date.",
            rows=_late, agency="organ", scorecard=False),
        FlowFigure(
            code="commutation_corrections_issued", label="对减刑、假释裁定发出纠正意见",
            label_en="Correction opinions on commutation or parole rulings issued",
            definition="期间内签发的、针对人民法院不当减刑、假释裁定的纠正意见。",
            definition_en="Correction opinions against wrong commutation or parole rulings "
                          "issued in the period.",
            rows=_corrections, agency="court"),
    ),
))
