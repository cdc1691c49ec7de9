"""The demo world's public hearings (hearings/): 定检's register of people's supervisors (three
invitable, one whose term ended, one suspended), a hearing held and concluded with the hearing
members' opinions, one held and waiting for its conclusion, and one scheduled ten days ahead
with its notices sent — so that ``./dev up`` shows every page of the hearings. Through the
services, as real use would: dh.approver keeps the register, dh.procurator runs the hearings."""

from __future__ import annotations

import datetime

from django.utils import timezone

from cases.choices import FINISHED_STATUSES, PartyKind
from cases.models import SupervisionCase
from hearings import services

TERM = {"term_start": datetime.date(2023, 5, 1), "term_end": datetime.date(2028, 4, 30),
        "appointed_by": "舟山市司法局"}
REGISTER = [
    {"name": "李海明", "occupation": "浙江海舟律师事务所律师", "expertise": "民事诉讼、执行",
     "region": "定海区", "phone": "13857001234", **TERM},
    {"name": "张秀英", "occupation": "定海区昌国街道社区党委书记", "expertise": "基层治理、调解",
     "region": "定海区", "phone": "13957012345", **TERM},
    {"name": "王志远", "occupation": "舟山某会计师事务所注册会计师", "expertise": "财务会计",
     "region": "普陀区", "phone": "13605803456", **TERM},
    {"name": "陈丽华", "occupation": "退休教师", "expertise": "未成年人保护", "region": "定海区",
     "phone": "13705804567", "term_start": datetime.date(2019, 5, 1),
     "term_end": datetime.date(2024, 4, 30), "appointed_by": "舟山市司法局"},
    {"name": "刘建军", "occupation": "渔业合作社负责人", "expertise": "海洋渔业",
     "region": "定海区", "phone": "13905805678", "status": "suspended",
     "note": "因病暂停履职。", **TERM},
]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute),
                                     tzinfo=timezone.get_current_timezone())


def _cases(builder) -> list[SupervisionCase]:
    """Three open cases of dh.procurator accepted at least six weeks ago, oldest first."""
    earliest = builder.today - datetime.timedelta(days=42)
    return list(SupervisionCase.objects.filter(
        handler=builder.users["dh.procurator"], accepted_on__lte=earliest)
        .exclude(status__in=FINISHED_STATUSES).select_related("agency")
        .prefetch_related("parties").order_by("accepted_on", "pk")[:3])


def _party(case: SupervisionCase) -> str:
    return next((p.name for p in case.parties.all() if p.kind == PartyKind.PERSON), "申请人")


def _workday(builder, day: datetime.date) -> datetime.date:
    while not builder.calendar.is_workday(day):
        day -= datetime.timedelta(days=1)
    return day


def _hearing(builder, case: SupervisionCase, day: datetime.date, supervisors, *, topic: str,
             questions: str, proposal: str):
    procurator = builder.users["dh.procurator"]
    hearing = services.hearing_schedule(
        actor=procurator, case=case, topic=topic, questions=questions,
        proposed_handling=proposal, place="舟山市定海区人民检察院检察听证室",
        scheduled_at=_at(day, 9, 30), presiding=procurator)
    people = [services.participant_add(actor=procurator, hearing=hearing,
                                       role="people_supervisor", people_supervisor=s)
              for s in supervisors]
    people.append(services.participant_add(actor=procurator, hearing=hearing, role="deputy",
                                           name="周国平", affiliation="定海区人大代表"))
    people.append(services.participant_add(actor=procurator, hearing=hearing, role="party",
                                           name=_party(case), affiliation="监督申请人"))
    people.append(services.participant_add(actor=procurator, hearing=hearing, role="agency",
                                           name=f"{case.agency.name}代表",
                                           affiliation=case.agency.name))
    sent = _workday(builder, min(day - datetime.timedelta(days=7), builder.today))
    services.notice_record(actor=procurator, hearing=hearing, participants=people,
                           sent_on=max(sent, case.accepted_on), method="direct")
    return hearing, people


def _hold(builder, hearing, people, stances: list[str]) -> None:
    procurator = builder.users["dh.procurator"]
    services.hearing_hold(
        actor=procurator, hearing=hearing, held_at=hearing.scheduled_at, recorder="周敏",
        attended=[p.pk for p in people],
        record=("主持人宣布听证开始，介绍听证员和参加人，告知权利义务。\n"
                "承办检察官介绍案件基本情况和需要听证的问题。\n"
                f"申请人{people[-2].name}陈述了监督请求及理由。\n"
                f"{people[-1].affiliation}代表说明了案件办理情况。\n"
                "听证员向各方提问，各方作了回答。\n听证员闭门评议后发表意见。"))
    opinions = {"agree": "经听取各方陈述，认为检察机关拟处理意见事实清楚、依据充分，同意。",
                "partly": "同意提出检察建议，但建议同时督促该单位完善内部期限管理制度。",
                "disagree": "认为该单位已自行纠正，不宜再提出检察建议。"}
    members = [p for p in people if p.is_member]
    for participant, stance in zip(members, stances, strict=True):
        services.opinion_record(actor=procurator, hearing=hearing, participant=participant,
                                opinion=opinions[stance], stance=stance)
    services.opinion_record(actor=procurator, hearing=hearing, participant=people[-2],
                            opinion="请求检察机关依法监督，尽快解决问题。")


def build(builder) -> None:
    approver = builder.users["dh.approver"]
    register = [services.people_supervisor_create(actor=approver, **entry) for entry in REGISTER]
    cases = _cases(builder)
    if len(cases) < 3:
        builder.say("检察听证：可用于演示的案件不足，未生成听证。")
        return
    invitable = register[:3]
    # 1. Held three weeks ago and concluded: the opinions adopted.
    day = _workday(builder, builder.today - datetime.timedelta(days=21))
    hearing, people = _hearing(
        builder, cases[0], day, invitable[:2], topic="对监督申请是否支持的公开听证",
        questions="被监督单位是否存在违法情形\n是否应当提出检察建议",
        proposal="拟向被监督单位提出检察建议，督促依法纠正。")
    _hold(builder, hearing, people, ["agree", "agree", "partly"])
    services.hearing_conclude(
        actor=builder.users["dh.procurator"], hearing=hearing, outcome="partly",
        outcome_reason="听证员关于完善期限管理制度的意见已写入检察建议；其余意见与拟处理意见一致。",
        decision="向被监督单位提出检察建议，并建议完善内部期限管理制度。",
        concluded_on=_workday(builder, day + datetime.timedelta(days=3)))
    # 2. Held three days ago; its conclusion is the procurator's next step.
    day = _workday(builder, builder.today - datetime.timedelta(days=3))
    hearing, people = _hearing(
        builder, cases[1], day, invitable[1:3], topic="对执行监督案件的公开听证",
        questions="执行法院是否存在消极执行\n申请人的诉求是否合理",
        proposal="拟向法院提出检察建议，督促依法执行。")
    _hold(builder, hearing, people, ["agree", "disagree", "agree"])
    # 3. Scheduled ten days ahead, the notices sent today.
    day = builder.today + datetime.timedelta(days=10)
    _hearing(builder, cases[2], day, [invitable[0], invitable[2]],
             topic="对行政违法行为监督案件的公开听证",
             questions="行政机关的处罚程序是否合法\n是否应当制发检察建议",
             proposal="拟制发检察建议，督促规范执法程序。")
    builder.say("检察听证：定检人民监督员名册 5 人；听证 3 场（已办结、待登记结论、已安排各 1 场）。")
