"""The demo world's inspections (inspections/): 定检's circuit inspection of 舟山市看守所 six
weeks ago, concluded with its feedback sent — one finding made a 纠正违法通知书 (submitted for
approval), one corrected on the spot and verified rectified, one whose rectification the
detention centre has in hand — and a resident inspection (派驻检察) running now with a finding
waiting to be dealt with. Through the services, as real use would: dh.procurator leads,
dh.assistant is on the team."""

from __future__ import annotations

import datetime

from inspections import services
from recommendations import services as rec_services
from recommendations.models import InstrumentType
from supervision.models import Matter


def _workday(builder, day: datetime.date) -> datetime.date:
    while not builder.calendar.is_workday(day):
        day -= datetime.timedelta(days=1)
    return day


def build(builder) -> None:
    """Seed the demo world's inspections through the services."""
    detention = builder.agencies["detention"]
    procurator, assistant = builder.users["dh.procurator"], builder.users["dh.assistant"]
    approver = builder.users["dh.approver"]
    today = builder.today
    matter = Matter.objects.get(kind__code="criminal", parent__name="刑事执行监督",
                                name="监管活动违法")

    # A circuit inspection six weeks ago, concluded.
    start = _workday(builder, today - datetime.timedelta(days=45))
    finished = services.inspection_plan(
        actor=procurator, kind="circuit", mode="regular",
        title=f"{start.year}年舟山市看守所常规巡回检察", institution=detention, leader=procurator,
        members=[assistant], start_date=start, end_date=start + datetime.timedelta(days=11),
        scope="监管执法\n刑罚执行\n安全防范\n被监管人权益保障")
    services.inspection_start(actor=procurator, inspection=finished, started_on=start)
    day = start + datetime.timedelta(days=2)
    custody = services.finding_add(
        actor=assistant, inspection=finished, category="custody", severity="serious",
        description="二监区部分监室超员关押，同案犯罪嫌疑人未按规定分押分管。",
        evidence="调阅监室人员登记台账及二监区监控录像", found_on=day)
    security = services.finding_add(
        actor=assistant, inspection=finished, category="security",
        description="夜间巡查记录存在漏记，两处监控存在盲区。",
        evidence="抽查近一个月夜间巡查记录", found_on=day)
    rights = services.finding_add(
        actor=procurator, inspection=finished, category="rights",
        description="在押人员就医登记不完整，个别人员病情未及时复查。",
        evidence="查阅医务室登记、与在押人员个别谈话", found_on=day + datetime.timedelta(days=1))
    rec = services.finding_to_instrument(
        actor=procurator, finding=custody, matter=matter,
        instrument_type=InstrumentType.objects.get(code="correction_notice"),
        title="关于纠正舟山市看守所分押分管违法问题的通知",
        body="一、立即调整二监区监室，落实分押分管规定；二、对相关值班民警进行教育，"
             "健全监室调整审批制度。",
        legal_basis="《中华人民共和国看守所条例》第十四条")
    rec_services.recommendation_submit(actor=procurator, recommendation=rec)
    services.finding_correct_on_spot(
        actor=procurator, finding=security, corrected_on=day,
        note="当场向看守所分管领导指出，看守所已补登巡查记录并调整摄像头角度。")
    services.finding_verify(actor=procurator, finding=security, rectified=True,
                            verified_on=day + datetime.timedelta(days=7),
                            note="复查巡查记录完整，监控盲区已消除。")
    services.finding_correct_on_spot(
        actor=assistant, finding=rights, corrected_on=day + datetime.timedelta(days=1),
        note="向医务室负责人指出，要求建立复查提醒。")
    services.finding_rectifying(actor=assistant, finding=rights,
                                measures="看守所承诺完善就医登记，建立病情复查提醒制度。",
                                due=today + datetime.timedelta(days=14))
    services.inspection_conclude(
        actor=approver, inspection=finished,
        report_summary="舟山市看守所监管秩序总体平稳，安全防范措施基本落实；"
                       "在分押分管、夜间巡查和在押人员医疗保障方面存在问题。",
        report_requests="请针对所列问题认真整改，并于两个月内将整改情况书面回复本院。",
        report_issued_on=start + datetime.timedelta(days=12))

    # A resident inspection running now.
    begun = _workday(builder, today - datetime.timedelta(days=7))
    running = services.inspection_plan(
        actor=procurator, kind="resident", mode="daily", title="驻舟山市看守所检察室日常检察",
        institution=detention, leader=procurator, members=[assistant], start_date=begun,
        end_date=today + datetime.timedelta(days=23), scope="监管执法\n被监管人权益保障")
    services.inspection_start(actor=procurator, inspection=running, started_on=begun)
    services.finding_add(actor=assistant, inspection=running, category="custody",
                         description="新收押人员入所健康检查记录缺少医生签字。",
                         evidence="抽查本月新收押人员档案", found_on=today)
