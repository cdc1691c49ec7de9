"""The demo world's attendances at the court's adjudication committee (adjudication/): dh.chief
attended 舟山市定海区人民法院's committee twice — six weeks ago on a protest case of 定检, the
opinion adopted; four days ago on another case, the decision not yet recorded (the next step on
the case's page). Through the services, as real use would: the handling procurator records the
court's notice and drafts the opinion, the chief attends, the handler records the decision."""

from __future__ import annotations

import datetime

from django.utils import timezone

from adjudication import services
from agencies.models import Agency
from cases.choices import FINISHED_STATUSES
from cases.models import SupervisionCase

COURT = "舟山市定海区人民法院"


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute),
                                     tzinfo=timezone.get_current_timezone())


def _workday(builder, day: datetime.date) -> datetime.date:
    while not builder.calendar.is_workday(day):
        day -= datetime.timedelta(days=1)
    return day


def _cases(builder, court: Agency) -> list[SupervisionCase]:
    """Two open cases of dh.procurator on the court, accepted at least ten weeks ago."""
    earliest = builder.today - datetime.timedelta(days=70)
    return list(SupervisionCase.objects.filter(
        handler=builder.users["dh.procurator"], agency=court, accepted_on__lte=earliest)
        .exclude(status__in=FINISHED_STATUSES).order_by("accepted_on", "pk")[:2])


def _attend(builder, case: SupervisionCase, court: Agency, meeting: datetime.date, *,
            subject: str, category: str, court_case_number: str, draft: str, opinion: str):
    procurator, chief = builder.users["dh.procurator"], builder.users["dh.chief"]
    record = services.attendance_create(
        actor=procurator, case=case, court=court, subject=subject, category=category,
        court_case_number=court_case_number,
        notice_received_on=_workday(builder, meeting - datetime.timedelta(days=5)),
        meeting_at=_at(meeting, 14, 30), place="舟山市定海区人民法院审判委员会会议室",
        agenda=f"讨论{subject}", materials="已调阅全部卷宗，听取承办检察官汇报。",
        draft_opinion=draft)
    return services.attendance_attend(actor=chief, attendance=record, attendee=chief,
                                      attended_at=_at(meeting, 14, 30), opinion=opinion)


def build(builder) -> None:
    """Seed the demo world's attendances through the services."""
    court = Agency.objects.filter(name=COURT).first()
    cases = _cases(builder, court) if court is not None else []
    if len(cases) < 2:
        builder.say("列席审委会：可用于演示的案件不足，未生成列席记录。")
        return
    # 1. Six weeks ago, on a protest; the committee followed the opinion.
    meeting = _workday(builder, builder.today - datetime.timedelta(days=42))
    record = _attend(
        builder, cases[0], court, meeting, subject=f"{cases[0].title}（抗诉）",
        category="protest", court_case_number=f"（{meeting.year}）浙0902刑再3号",
        draft="原判认定事实的主要证据存在矛盾，适用法律错误，建议依法改判。",
        opinion="本院认为，原判认定事实的主要证据存在矛盾，适用法律错误，量刑明显不当，"
                "建议审判委员会依法改判。")
    services.attendance_decide(
        actor=builder.users["dh.procurator"], attendance=record, adoption="adopted",
        decision="审判委员会决定依法改判。",
        decided_on=meeting)
    # 2. Four days ago; the decision is still to be recorded.
    meeting = _workday(builder, builder.today - datetime.timedelta(days=4))
    _attend(builder, cases[1], court, meeting, subject=f"{cases[1].title}（再审检察建议）",
            category="retrial_proposal",
            court_case_number=f"（{meeting.year}）浙0902民监7号",
            draft="原审程序违法，建议启动再审。",
            opinion="原审违反法定程序，可能影响公正审判，建议依法启动再审程序。")
    builder.say("列席审委会：定检检察长列席定海区人民法院审判委员会 2 次（已记录结果、待记录结果各 1 次）。")
