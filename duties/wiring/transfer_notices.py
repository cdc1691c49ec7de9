"""What the transfer notices flow registers at start-up (``DutiesConfig.ready``): its notification
messages, its :class:`duties.registry.Flow` with the figures the statistics and the agency
scorecards count, and its part in a case's timeline (a case opened from a notice shows it)."""

from __future__ import annotations

import datetime

from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from agencies.choices import AgencyType
from cases import hooks as case_hooks
from cases.hooks import TimelineSource
from cases.models import SupervisionCase
from cases.selectors import audit_targets
from supervision.services.notifications import register_messages

from ..models import TransferNotice
from ..registry import Flow, FlowFigure, register
from ..selectors import transfer_notices as selectors

register_messages({
    "transfer_notice.filed": gettext_noop(
        "%(agency)s 报送移送涉嫌犯罪案件通知（%(letter)s）：“%(name)s”已移送%(police)s。"),
    "transfer_notice.asked": gettext_noop(
        "%(agency)s 以 %(letter)s 向贵单位移送涉嫌犯罪案件“%(name)s”，请在 %(due)s 前作出是否立案的决定并登记。"),
    "transfer_notice.received": gettext_noop(
        "%(procuratorate)s 已签收贵单位的移送涉嫌犯罪案件通知（%(letter)s）。"),
    "transfer_notice.case_opened": gettext_noop(
        "%(procuratorate)s 已就贵单位通知的移送案件（%(letter)s）立案监督，案号 %(case)s。"),
    "transfer_notice.police_decided": gettext_noop(
        "%(police)s 已于 %(date)s 对贵单位移送的案件（%(letter)s）作出决定：%(outcome)s。"),
    "transfer_notice.police_decided.staff": gettext_noop(
        "%(police)s 对 %(agency)s 移送的“%(name)s”（%(letter)s）作出决定：%(outcome)s（%(date)s）。"),
    "transfer_notice.reminder": gettext_noop(
        "%(agency)s 移送的“%(name)s”（%(letter)s），%(police)s 的立案审查期限将于 %(days)s 日后届满（%(due)s）。"),
    "transfer_notice.due_today": gettext_noop(
        "%(agency)s 移送的“%(name)s”（%(letter)s），%(police)s 的立案审查期限今天届满（%(due)s）。"),
    "transfer_notice.overdue": gettext_noop(
        "%(agency)s 移送的“%(name)s”（%(letter)s），%(police)s 的立案审查期限 %(due)s 已过，尚未作出决定。"),
    "transfer_notice.moved": gettext_noop(
        "法定节假日安排调整：移送案件（%(letter)s）%(police)s 的立案审查期限由 %(old)s 改为 %(new)s。"),
})


def _decided_on_time(start: datetime.date, end: datetime.date) -> QuerySet[TransferNotice]:
    return selectors.police_decided_between(start, end).filter(police_decided_on__lte=F("due_date"))


def _decided_late(start: datetime.date, end: datetime.date) -> QuerySet[TransferNotice]:
    return selectors.police_decided_between(start, end).filter(police_decided_on__gt=F("due_date"))


def _cases_opened(start: datetime.date, end: datetime.date) -> QuerySet[TransferNotice]:
    return TransferNotice.objects.filter(case__accepted_on__gte=start, case__accepted_on__lte=end)


FLOW = register(Flow(
    key="transfer_notices",
    label=_("移送涉嫌犯罪案件通知"),
    staff_url="duties:transfer-notices",
    staff_pending=selectors.staff_pending,
    portal_url="portal:transfer-notices",
    # Administrative organs file the notices; the police units they go to record the filing.
    portal_agency_types=frozenset({AgencyType.ADMINISTRATIVE, AgencyType.POLICE}),
    agency_pending=selectors.agency_pending,
    figures=(
        FlowFigure(
            code="transfer_notices_filed", label=_("移送涉嫌犯罪案件通知数"),
            label_en="Transfer notices filed",
            definition=_("期间内行政执法机关通过门户报送的移送涉嫌犯罪案件通知数（按报送日期）。"),
            definition_en="Notices of suspected crimes transferred to the police that "
                          "administrative organs filed through the portal in the period (by filing date).",
            rows=selectors.filed_between, agency="agency"),
        FlowFigure(
            code="transfer_notices_police_on_time", label=_("公安机关按期作出立案决定数"),
            label_en="Police decisions on transferred cases on time",
            definition=_("期间内公安机关对移送案件作出立案或不予立案决定、且在立案审查期限内的件数（按决定日期）。"),
            definition_en="Decisions to file or not to file a transferred case that the police "
                          "made in the period within their period of review (by decision date).",
            rows=_decided_on_time, agency="police_agency"),
        FlowFigure(
            code="transfer_notices_police_late", label=_("公安机关逾期作出立案决定数"),
            label_en="Police decisions on transferred cases made late",
            definition=_("期间内公安机关对移送案件作出决定、但超过立案审查期限的件数（按决定日期）。"),
            definition_en="Decisions on a transferred case that the police made in the period "
                          "after their period of review had ended (by decision date).",
            rows=_decided_late, agency="police_agency"),
        FlowFigure(
            code="transfer_notices_cases_opened", label=_("据移送通知立案监督数"),
            label_en="Supervision cases opened from transfer notices",
            definition=_("期间内检察院根据移送涉嫌犯罪案件通知立案监督的案件数（按受理日期）。"),
            definition_en="Supervision cases (of case filing) the procuratorate opened from "
                          "transfer notices in the period (by acceptance date).",
            rows=_cases_opened, agency="agency", scorecard=False),
    ),
))


# --- the case opened from a notice shows it on its timeline ----------------------------------

TIMELINE_LABELS = {
    "transfer_notice_file": _("行政执法机关报送移送涉嫌犯罪案件通知"),
    "transfer_notice_receive": _("签收移送涉嫌犯罪案件通知"),
    "transfer_notice_open_case": _("根据移送涉嫌犯罪案件通知立案监督"),
    "transfer_notice_police_decide": _("登记公安机关对移送案件的决定"),
}


def _audit_targets(case: SupervisionCase) -> QuerySet:
    return audit_targets(TransferNotice.objects.filter(case=case))


def _detail(action: str, data: dict) -> str:
    return data.get("letter", "") or data.get("case", "")


case_hooks.timeline_sources.register(TimelineSource(
    audit_targets=_audit_targets, labels=TIMELINE_LABELS, detail=_detail))
