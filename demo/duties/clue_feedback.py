"""The demo world's clue feedback (issue 19): to the supervisory commission of the directory
(its liaison ``jw.liaison``: ``demo/scenarios/organisation.py``), clues 定检 transferred to it and
to the police — one awaiting feedback, one overdue, one the commission answered in the portal
and nobody has read yet, one the police answered on time — and, on one case, an early
involvement with the procurator's opinion and a return for supplementary investigation whose
month is running. Every row through the services, as real use would make it."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.models import Agency
from cases import services
from cases.models import SupervisionCase
from cases.samples import tiny_pdf
from supervision.choices import Role

COMMISSION = "舟山市定海区监察委员会"
LIAISON = "jw.liaison"


def _days(builder, n: int) -> datetime.date:
    return builder.today - datetime.timedelta(days=n)


def build(builder) -> None:
    dinghai = builder.procuratorates["定检"]
    commission = builder.agencies["commission"]  # demo/scenarios/organisation.py
    liaison = builder.users[LIAISON]
    police = builder.users.get("police.liaison")

    # Open cases of 定检 accepted long enough ago for a transfer 80 days back.
    cases = [c for c in SupervisionCase.objects.filter(
        procuratorate=dinghai, accepted_on__lte=_days(builder, 80)).select_related(
        "handler", "procuratorate").order_by("pk") if not c.is_finished
        and c.handler.role == Role.PROCURATOR][:3]
    if len(cases) < 3:
        builder.say("线索移送反馈：没有足够的在办案件，未生成。")
        return

    def transfer(case, days_ago: int, agency: Agency, clue: str, number: int, kind: str):
        return services.clue_transfer_create(
            actor=case.handler, case=case, recipient_kind=kind, recipient="",
            recipient_agency=agency, clue=clue, transferred_on=_days(builder, days_ago),
            letter_number=f"定检移〔{_days(builder, days_ago).year}〕{number}号",
            files=[SimpleUploadedFile("线索移送函.pdf", tiny_pdf(f"transfer {number}"))])

    first, second, third = cases
    transfer(first, 20, commission, "审查中发现某街道办事处工作人员在征迁补偿中涉嫌滥用职权，"
             "相关线索移送贵委依法处理。", 11, "supervisory_commission")
    transfer(second, 80, commission, "某执法人员涉嫌收受管理对象财物，相关线索移送贵委依法处理。",
             7, "supervisory_commission")
    answered = transfer(third, 45, commission, "某所长涉嫌违规干预案件办理，相关线索移送贵委。",
                        9, "supervisory_commission")
    services.clue_transfer_record_reply(
        actor=liaison, transfer=answered, replied_on=_days(builder, 2),
        summary="经初步核实，已对该所长立案审查调查，结果另行反馈。",
        files=[SimpleUploadedFile("立案决定书.pdf", tiny_pdf("filing decision"))])
    if police is not None:
        to_police = transfer(first, 40, police.agency, "监督中发现某企业涉嫌非法占用农用地，"
                             "相关线索移送公安机关依法处理。", 12, "police")
        services.clue_transfer_record_reply(
            actor=police, transfer=to_police, replied_on=_days(builder, 10),
            summary="已立案侦查。")
        services.clue_transfer_mark_read(actor=first.handler, transfer=to_police)

    # The commission's job-related crime case: early involvement, then a return.
    case = second
    services.early_involvement_record(
        actor=case.handler, case=case, organ="", organ_agency=commission,
        requested_on=_days(builder, 60), scope="某执法人员受贿案，就证据收集和法律适用提出意见。",
        procurator=case.handler, involved_on=_days(builder, 58),
        opinion="建议补充调取行贿人银行流水，固定主要受贿事实。", opinion_on=_days(builder, 50))
    services.supplementary_return_record(
        actor=case.handler, case=case, organ="", organ_agency=commission,
        returned_on=_days(builder, 12), reasons="部分受贿事实证据不足。",
        items="一、补充调取行贿人银行流水；二、询问证人王某。")
    builder.say("线索移送反馈：移送监察委员会 3 件、公安机关 1 件；提前介入 1 件，退回补充调查 1 件")
