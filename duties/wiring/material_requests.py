"""What the material requests flow registers at start-up (``DutiesConfig.ready``): its notification
messages, its :class:`duties.registry.Flow`, and its part in the case page (the case timeline
shows the requests' steps; a case with a request overdue is a case "with something overdue")."""

from __future__ import annotations

import datetime

from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases import hooks
from cases.selectors import audit_targets
from supervision.services.notifications import register_messages

from ..models import MaterialRequest, MaterialRequestStatus
from ..permissions.material_requests import agency_visible, staff_visible
from ..registry import Flow, FlowFigure, register

register_messages({
    # To the agency's liaisons.
    "material_request.sent": gettext_noop(
        "%(procuratorate)s 向贵单位调取材料（%(subject)s），请于 %(due)s 前在平台答复。"),
    "material_request.accepted": gettext_noop(
        "%(procuratorate)s 已接收贵单位对调取材料（%(subject)s）的答复。"),
    "material_request.withdrawn": gettext_noop(
        "%(procuratorate)s 已撤回调取材料（%(subject)s）：%(reason)s"),
    # To the handling procurator.
    "material_request.answered": gettext_noop("%(agency)s 已答复调取材料（%(subject)s）。"),
    "material_request.answered_late": gettext_noop(
        "%(agency)s 已答复调取材料（%(subject)s），已超过答复期限 %(due)s。"),
    # The deadline sweep (generic protocol, MaterialRequest.SWEEP_PREFIX): both sides.
    "material_request.reminder": gettext_noop(
        "%(procuratorate)s 向%(agency)s调取材料（%(subject)s），答复期限将于 %(days)s 日后届满（%(due)s）。"),
    "material_request.due_today": gettext_noop(
        "%(procuratorate)s 向%(agency)s调取材料（%(subject)s），答复期限今天届满（%(due)s）。"),
    "material_request.overdue": gettext_noop(
        "%(procuratorate)s 向%(agency)s调取材料（%(subject)s），答复期限 %(due)s 已过仍未答复，"
        "视为拒不配合调查核实。"),
    "calendar.moved.material_request": gettext_noop(
        "法定节假日安排调整：%(procuratorate)s 向%(agency)s调取材料（%(subject)s）的答复期限由 "
        "%(old)s 改为 %(new)s。"),
})


def _sent(start: datetime.date, end: datetime.date) -> QuerySet:
    return MaterialRequest.objects.filter(sent_on__range=(start, end))


def _on_time(start: datetime.date, end: datetime.date) -> QuerySet:
    return MaterialRequest.objects.filter(answered_on__range=(start, end),
                                          answered_on__lte=F("due_date"))


def _late(start: datetime.date, end: datetime.date) -> QuerySet:
    return MaterialRequest.objects.filter(answered_on__range=(start, end),
                                          answered_on__gt=F("due_date"))


def _unanswered(start: datetime.date, end: datetime.date) -> QuerySet:
    return MaterialRequest.objects.filter(refusal_recorded_at__date__range=(start, end))


FLOW = register(Flow(
    key="material_requests",
    label=_("调取材料"),
    staff_url="duties:material-requests",
    # The procuratorate's queue: answers waiting to be read.
    staff_pending=lambda user: staff_visible(user).filter(status=MaterialRequestStatus.ANSWERED),
    portal_url="portal:material-requests",
    agency_pending=lambda user: agency_visible(user).filter(status=MaterialRequestStatus.SENT),
    figures=(
        FlowFigure(code="material_requests_sent", label=_("调取材料（件）"),
                   label_en="Material requests sent",
                   definition=_("期间内向该单位发出的调取材料通知件数（含补充调取）。"),
                   definition_en="Requests for material or answers sent to the agency in the "
                                 "period, follow-ups included.",
                   rows=_sent),
        FlowFigure(code="material_requests_on_time", label=_("按期答复调取材料（件）"),
                   label_en="Material requests answered on time",
                   definition=_("期间内答复、且答复日期不晚于答复期限的调取材料件数。"),
                   definition_en="Requests answered in the period on or before their due date.",
                   rows=_on_time),
        FlowFigure(code="material_requests_late", label=_("逾期答复调取材料（件）"),
                   label_en="Material requests answered late",
                   definition=_("期间内答复、但答复日期晚于答复期限的调取材料件数。"),
                   definition_en="Requests answered in the period after their due date.",
                   rows=_late),
        FlowFigure(code="material_requests_refused", label=_("逾期未答复（拒不配合）（件）"),
                   label_en="Material requests unanswered (refusals to cooperate)",
                   definition=_("期间内因答复期限届满仍未答复、被记为拒不配合调查核实的调取材料件数"
                                "（其后迟交答复的，仍计入本项）。"),
                   definition_en="Requests still unanswered when their due date passed, recorded "
                                 "in the period as a refusal to cooperate (even if answered "
                                 "late afterwards).",
                   rows=_unanswered),
    ),
))

TIMELINE_LABELS = {
    "material_request_send": _("发出调取材料通知"),
    "material_request_answer": _("被调取单位答复"),
    "material_request_accept": _("接收调取材料答复"),
    "material_request_follow_up": _("补充调取材料"),
    "material_request_withdraw": _("撤回调取材料"),
    "material_request_record_refusal": _("调取材料逾期未答复"),
}


def _timeline_detail(action: str, data: dict) -> str:
    if action == "material_request_send":
        return data.get("agency", "")
    if action == "material_request_answer" and data.get("late") == "True":
        return str(_("逾期答复"))
    return ""


hooks.timeline_sources.register(hooks.TimelineSource(
    audit_targets=lambda case: audit_targets(MaterialRequest.objects.filter(case=case)),
    labels=TIMELINE_LABELS, detail=_timeline_detail))


def _overdue_request(today: datetime.date):
    """A case with a request unanswered past its due date has something overdue."""
    return Exists(MaterialRequest.objects.overdue(today).filter(case=OuterRef("pk")))


hooks.overdue_conditions.register(_overdue_request)


def _open_requests_guard(case) -> str | None:
    """A case is not finished while a request of it waits for the agency's answer or an answer
    waits to be read: withdraw or settle it first (the request would otherwise go on asking
    the agency, and its silence would be escalated, on a finished case)."""
    waiting = MaterialRequest.objects.filter(
        case=case, status__in=[MaterialRequestStatus.SENT, MaterialRequestStatus.ANSWERED]).count()
    if not waiting:
        return None
    return str(_("本案尚有 %(n)s 件调取材料待答复或待审阅，请先办理或撤回。") % {"n": waiting})


hooks.close_guards.register(_open_requests_guard)
