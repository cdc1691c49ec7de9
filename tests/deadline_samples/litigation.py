"""Public-interest litigation: an announcement running and one ended; an appeal period running
and one ended by an appeal."""

from __future__ import annotations

import datetime

import time_machine

TZ = datetime.timezone(datetime.timedelta(hours=8))
D = datetime.date


def _at(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9), TZ), tick=False)


def make(world) -> None:
    from cases.services import case_register
    from litigation import services
    from supervision.choices import Role
    from supervision.models import Matter, User

    chief = User.objects.create_user(username="sample_chief", password="x" * 12,
                                     role=Role.CHIEF, procuratorate=world.dinghai)
    matter = Matter.objects.filter(kind__code="public_interest", children__isnull=True).first()

    def suit(title: str):
        with _at(D(2026, 8, 20)):
            case = case_register(actor=world.procurator, matter=matter, agency=world.market,
                                 title=title, summary="非法排污。", accepted_on=D(2026, 8, 20))
            made = services.suit_open(actor=world.procurator, case=case, kind="civil",
                                      defendant=f"{title}被告")
        with _at(D(2026, 9, 1)):
            services.announcement_publish(actor=world.procurator, suit=made,
                                          medium="procuratorate_daily",
                                          published_on=D(2026, 9, 1), content="公告。")
        return made

    suit("公告中")  # announcement running (due 2026-10-08)
    judged = [suit("已判一"), suit("已判二")]
    with _at(D(2026, 10, 9)):
        for s in judged:  # announcements ended: nobody sued
            services.announcement_record_result(actor=world.procurator, suit=s,
                                                result="nobody_sued", result_on=D(2026, 10, 9))
            services.suit_decide(actor=chief, suit=s, decided_on=D(2026, 10, 9))
            services.suit_file(actor=world.procurator, suit=s, court=world.court,
                               filed_on=D(2026, 10, 9), claims="修复生态环境", facts="排污。")
    with _at(D(2026, 11, 20)):
        for s in judged:  # appeal periods: due 2026-12-07 (15 days from 20 November, a Saturday → Monday)
            services.judgment_record(actor=world.procurator, suit=s, result="supported_all",
                                     judgment_on=D(2026, 11, 20), served_on=D(2026, 11, 20),
                                     summary="支持全部诉讼请求。")
        services.appeal_record(actor=world.procurator, suit=judged[1], appellant="defendant",
                               appealed_on=D(2026, 11, 20))
