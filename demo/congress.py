"""The demo world's reports to the people's congress (DEMO.md): for 舟山市定海区人民检察院, last
year's annual report — approved by the chief, released to the standing committee, with two
deliberation opinions, one replied to on time and one awaiting its written reply, due within
30 days — and a special report still being drafted. Every write goes through the services, as
the rest of the demo's work does; the released report's figures are the statistics of the
demo's own instruments, frozen at approval.

Called by ``demo.builder`` once the casework exists: ``build(builder)``.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from congress.models import CongressReport, ReportKind
from congress.services import opinions as opinion_services
from congress.services import reports as report_services
from reporting.congress_figures import live_figures

PROCURATORATE = "定检"
AUTHOR, CHIEF = "dh.procurator", "dh.chief"

ANNUAL_TEXT = {
    1: ("{year}年，本院坚持以习近平新时代中国特色社会主义思想为指导，在区委和上级检察院的领导下、"
        "在区人大及其常委会的监督下，统筹推进刑事、民事、行政、公益诉讼检察工作，"
        "全年受理各类监督案件、制发检察建议和纠正违法通知书的情况见下表。\n"
        "本期各项统计数据及与去年同期的比较，见本部分后附的统计表和图表。"),
    2: ("（一）做优刑事检察。加强立案和侦查活动监督，监督纠正有案不立、以罚代刑等问题。\n"
        "（二）做强民事检察。加强对生效裁判、民事执行活动的监督。\n"
        "（三）做实行政检察。围绕非诉执行监督开展专项活动，推动行政争议实质性化解。\n"
        "（四）做好公益诉讼检察。聚焦生态环境和食品药品安全领域，以诉前检察建议督促行政机关依法履职。"),
    3: ("一是少数被监督单位未在规定期限内书面回复，回复质量有待提高；\n"
        "二是类案监督的深度不够，社会治理类检察建议的跟踪落实需加强；\n"
        "三是检察人员运用大数据开展法律监督的能力还不适应新形势的要求。"),
    4: ("一是健全检察建议跟踪督促机制，提高按期回复率和整改率；\n"
        "二是深化行政执法与刑事司法衔接，完善信息共享平台；\n"
        "三是主动接受人大监督，认真办理审议意见，按时书面报告落实情况。"),
}
SPECIAL_SUBJECT = "公益诉讼检察工作"


def _fill(report: CongressReport, author, texts: dict[int, str], year: int) -> None:
    for section in report.sections.all():
        if section.position in texts:
            report_services.section_save(actor=author, section=section,
                                         body=texts[section.position].format(year=year),
                                         seen_updated_at=section.updated_at)


def _backdate_approval(report: CongressReport, day: datetime.date) -> None:
    """Give the approval the date it would have had in real use, before the release.

    ``report_approve`` stamps the current time and has no parameter for an earlier one (as
    ``reply_submit``, see ``_Builder._backdate``); without this the report could only be
    released today and its opinions would all be received today. The only write outside the
    services here, and only to this timestamp."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(16, 30)))
    CongressReport.objects.filter(pk=report.pk).update(approved_at=moment)
    report.refresh_from_db()


def build(builder) -> dict[str, CongressReport]:
    """Create the congress reports of 定检 as of ``builder.today`` (never a date after it)."""
    today: datetime.date = builder.today
    procuratorate = builder.procuratorates[PROCURATORATE]
    author, chief = builder.users[AUTHOR], builder.users[CHIEF]
    assert author.procuratorate_id == chief.procuratorate_id == procuratorate.pk
    year = today.year - 1
    annual = report_services.report_create(
        actor=author, kind=ReportKind.ANNUAL, period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31))
    _fill(annual, author, ANNUAL_TEXT, year)
    annual = report_services.report_submit(actor=author, report=annual)
    annual = report_services.report_approve(actor=chief, report=annual,
                                            figures=live_figures(annual, today=today))
    # Sent to the committee some weeks into the year (never before the year is over).
    released_on = max(datetime.date(today.year, 1, 2), today - datetime.timedelta(days=100))
    released_on = min(released_on, today)
    _backdate_approval(annual, max(datetime.date(today.year, 1, 1),
                                   released_on - datetime.timedelta(days=5)))
    annual = report_services.report_release(actor=author, report=annual, released_on=released_on)

    # One opinion received soon after the report, answered on time (two months, rule default).
    first_received = min(released_on + datetime.timedelta(days=5), today)
    first = opinion_services.opinion_record(
        actor=author, report=annual, received_on=first_received, letter_number=f"定人大常办〔{today.year}〕2号",
        content="建议进一步加强行政检察监督，推动行政争议实质性化解，并就检察建议的落实情况加强跟踪。",
        responsible=author)
    opinion_services.opinion_record_reply(
        actor=author, opinion=first, replied_on=min(first_received + datetime.timedelta(days=30),
                                                    today),
        reply_number=f"定检〔{today.year}〕8号",
        summary="已制定行政检察专项工作方案，建立检察建议落实情况季度跟踪制度。")
    # One received lately, its letter asking for the written reply within 30 days: awaiting.
    second_received = max(released_on, today - datetime.timedelta(days=8))
    opinion_services.opinion_record(
        actor=author, report=annual, received_on=second_received,
        letter_number=f"定人大常办〔{today.year}〕9号", stated_amount=30, stated_unit="days",
        content="建议完善公益诉讼诉前检察建议的跟踪督促机制，提高被监督单位的按期回复率。",
        responsible=author)

    special = report_services.report_create(
        actor=author, kind=ReportKind.SPECIAL, subject=SPECIAL_SUBJECT,
        period_start=datetime.date(year, 1, 1), period_end=datetime.date(year, 12, 31))
    _fill(special, author, {1: ANNUAL_TEXT[1]}, year)
    builder.say(f"人大报告：{annual.title}（已报送，审议意见 2 条），{special.title}（起草中）")
    return {"annual": annual, "special": special}
