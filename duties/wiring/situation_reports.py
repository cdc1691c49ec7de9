"""What the situation reports flow registers at start-up (``DutiesConfig.ready``): its notification
messages, its audit labels and its :class:`duties.registry.Flow`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases import hooks as case_hooks
from supervision import audit_labels
from supervision.services.notifications import register_messages

from ..registry import Flow, FlowFigure, register
from ..selectors import situation_reports as selectors

register_messages({
    # To the procuratorate's staff (duties.services.situation_reports).
    "situation.reported": gettext_noop(
        "%(agency)s 报送重大情况通报“%(title)s”（%(kind)s），请签收。"),
    "situation.reported.urgent": gettext_noop(
        "【紧急】%(agency)s 报送重大情况：%(kind)s——“%(title)s”，请立即处理。"),
    "situation.supplemented": gettext_noop("%(agency)s 对重大情况通报“%(title)s”作了续报。"),
    # To the reporting agency's liaisons.
    "situation.acknowledged": gettext_noop(
        "%(procuratorate)s 已签收贵单位的重大情况通报“%(title)s”。"),
    "situation.acknowledged.instruction": gettext_noop(
        "%(procuratorate)s 已签收贵单位的重大情况通报“%(title)s”，意见：%(instruction)s"),
    "situation.case_opened": gettext_noop(
        "%(procuratorate)s 已就贵单位通报的“%(title)s”立案监督（%(case)s）。"),
    "situation.closed": gettext_noop(
        "%(procuratorate)s 已办结贵单位的重大情况通报“%(title)s”：%(note)s"),
})

audit_labels.register({
    "situation_report_file": _("报送重大情况通报"),
    "situation_report_file_add": _("上传重大情况通报附件"),
    "situation_report_supplement": _("续报重大情况"),
    "situation_report_acknowledge": _("签收重大情况通报"),
    "situation_report_open_case": _("依重大情况通报立案监督"),
    "situation_report_close": _("办结重大情况通报"),
})

register(Flow(
    key="situation_reports",
    label=_("重大情况通报"),
    staff_url="duties:situation-reports",
    staff_pending=selectors.staff_pending,
    portal_url="portal:situation-reports",
    agency_pending=None,
    figures=(
        FlowFigure(
            code="situation_reports_filed",
            label=_("重大情况通报数"), label_en="Major-situation reports filed",
            definition=_("期间内被监督单位报送的重大情况通报件数（按通报时间）。"),
            definition_en="Major-situation reports the agencies filed in the period (by the "
                          "time of the report).",
            rows=selectors.filed_between),
        FlowFigure(
            code="situation_reports_urgent",
            label=_("被监管人死亡、脱逃通报数"),
            label_en="Reports of deaths in custody and escapes",
            definition=_("期间内报送的重大情况通报中，类别为被监管人死亡或脱逃的件数。"),
            definition_en="Reports filed in the period whose kind is a death in custody or an "
                          "escape.",
            rows=selectors.urgent_filed_between),
        FlowFigure(
            code="situation_reports_acknowledged",
            label=_("签收重大情况通报数"), label_en="Major-situation reports acknowledged",
            definition=_("期间内检察院签收的重大情况通报件数（按签收时间，含立案或办结时一并签收的）。"),
            definition_en="Reports the procuratorate signed for in the period (by the time of "
                          "signing, including those signed for when a case was opened or the "
                          "report closed).",
            rows=selectors.acknowledged_between, scorecard=False),
        FlowFigure(
            code="situation_reports_cases",
            label=_("依重大情况通报立案数"), label_en="Cases opened from major-situation reports",
            definition=_("期间内依重大情况通报受理的监督案件数（按案件受理日期）。"),
            definition_en="Supervision cases accepted in the period that were opened from a "
                          "major-situation report (by the case's acceptance date).",
            rows=selectors.cases_opened_between, scorecard=False),
    ),
))

# The case opened from a report shows the report on its timeline, with a link back to it.
case_hooks.timeline_sources.register(case_hooks.TimelineSource(
    audit_targets=selectors.case_report_targets, labels=selectors.TIMELINE_LABELS,
    detail=selectors.case_timeline_detail, items=selectors.case_report_items))
