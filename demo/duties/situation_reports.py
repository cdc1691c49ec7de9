"""The demo world's major-situation reports (重大情况通报, seed 004 §7), made through the services
as real use would: a death in custody at 舟山市看守所 signed for, supplemented and turned into a
case; an escape just reported (urgent, waiting); a mass incident at the police unit signed for
with an instruction; a safety accident waiting; a court's report closed with a note. The times
of filing and signing are then set back to when they would have happened (the services stamp
"now"), as the builder backdates replies."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases.samples import tiny_pdf
from duties.models import SituationReport
from duties.selectors.situation_reports import suggested_matter
from duties.services import situation_reports as services

#: (liaison, kind, title, place, summary, measures, persons, days ago, hours to report)
REPORTS = [
    ("detention.liaison", "death_in_custody", "在押人员王某某在监室内死亡", "舟山市看守所二监区 5 号监室",
     "凌晨 3 时许值班民警巡视发现王某某呼吸微弱，立即送医抢救，4 时 20 分经抢救无效死亡。",
     "保护现场，封存监控录像和值班记录，通知家属，报告上级公安机关。", "王某某（在押人员，男，46 岁）",
     18, 2),
    ("detention.liaison", "escape", "在押人员赵某趁就医脱逃", "舟山医院门诊楼",
     "押解就医途中，赵某趁民警办理手续之机挣脱约束脱逃。", "已报警并组织追捕，排查押解环节。",
     "赵某（在押人员，男，31 岁）；押解民警二名", 0, 1),
    ("police.liaison", "mass_incident", "执法现场群众聚集围堵", "定海区环城南路",
     "查处无证经营时约四十名群众聚集围堵执法车辆，一名协警受轻伤。", "现场劝离，伤员送医，视频资料已固定。",
     "", 6, 5),
    ("detention.liaison", "safety_accident", "监区厨房电线短路起火", "舟山市看守所后勤区",
     "厨房配电箱短路起火，过火面积约 3 平方米，无人员伤亡。", "立即断电灭火，在押人员有序转移，已请消防检查。",
     "", 2, 3),
    ("court.liaison", "other", "执行腾退现场当事人情绪激动", "定海区某小区",
     "执行腾退时被执行人以自伤相威胁，经劝导平复。", "暂停腾退，联系社区和家属做工作。", "被执行人陈某", 35, 6),
]


def _backdate(report: SituationReport, occurred: datetime.datetime, hours: int,
              acknowledged_after: datetime.timedelta | None = None) -> None:
    reported = occurred + datetime.timedelta(hours=hours)
    values = {"occurred_at": occurred, "reported_at": reported}
    if acknowledged_after is not None:
        values["acknowledged_at"] = reported + acknowledged_after
    SituationReport.objects.filter(pk=report.pk).update(**values)


def build(builder) -> None:
    """The five reports above, in the states their story reaches."""
    users = builder.users
    now = timezone.now()
    made = []
    for liaison, kind, title, place, summary, measures, persons, days, hours in REPORTS:
        occurred = min(now - datetime.timedelta(hours=hours + 1),
                       timezone.make_aware(datetime.datetime.combine(
                           builder.today - datetime.timedelta(days=days), datetime.time(8, 30))))
        report = services.situation_report_file(
            actor=users[liaison], kind=kind, title=title,
            occurred_at=occurred, place=place, summary=summary, measures=measures,
            persons=persons, files=[SimpleUploadedFile("情况报告.pdf", tiny_pdf(title))])
        made.append((report, occurred, hours))
    procurator, approver = users["dh.procurator"], users["dh.approver"]
    death, escape, incident, accident, court = (r for r, _o, _h in made)
    services.situation_report_acknowledge(actor=procurator, report=death,
                                          instruction="请于三日内续报尸检结论和监控录像。")
    services.situation_report_supplement(
        actor=users["detention.liaison"], report=death,
        content="尸检初步结论：心源性猝死，排除外力致死；监控录像已刻盘，随附。",
        files=[SimpleUploadedFile("尸检意见.pdf", tiny_pdf("尸检意见"))])
    services.situation_report_open_case(actor=procurator, report=death,
                                        matter=suggested_matter(death))
    services.situation_report_acknowledge(actor=approver, report=incident,
                                          instruction="请续报受伤协警的伤情和执法过程视频。")
    services.situation_report_close(actor=procurator, report=court,
                                    note="已妥善处置，未发现执行活动违法，无需立案监督。")
    for report, occurred, hours in made:
        after = None if report in (escape, accident) else datetime.timedelta(hours=3)
        _backdate(report, occurred, hours, after)
    builder.say(f"重大情况通报：{len(made)} 件")
