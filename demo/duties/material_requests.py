"""The demo world's material requests (issue 19): requests of 定检's open cases to the court,
the police and the market regulator, through the services — one waiting for the court's
answer, one answered on time and waiting to be read (the procuratorate's queue), one answered
late and accepted, and one to the market regulator left unanswered past its due date, which the
demo's closing sweep (``builder.notify``) records as a refusal to cooperate and escalates."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from cases.choices import FINISHED_STATUSES
from cases.models import SupervisionCase
from cases.samples import tiny_pdf
from duties.services import material_requests as services

#: agency key, days before today it was sent, period (days), the answer or None, accepted
PLAN = (
    ("court", 3, 15, None, False),
    ("police", 5, 15, "接报警记录及处警情况说明已上传，请查收。", False),
    ("court", 12, 10, "执行案件卷宗复印件及财产查控记录已上传。因卷宗归档调取，答复有所延迟。", True),
    ("market", 30, 10, None, False),
)
ITEMS = {
    "court": "执行案件卷宗（含执行笔录、财产查控记录）\n终结本次执行程序的审批材料",
    "police": "相关警情的接报警记录\n处警民警的处警情况说明",
    "market": "相关行政处罚案件的立案审批表及调查笔录\n涉案物品的检验报告",
}


def _case(builder, key: str) -> SupervisionCase | None:
    """An open case of 定检 concerning the agency, the earliest accepted."""
    return (SupervisionCase.objects.filter(agency=builder.agencies[key])
            .exclude(status__in=FINISHED_STATUSES).select_related("handler")
            .order_by("accepted_on", "pk").first())


def _liaison(builder, key: str):
    agency = builder.agencies[key]
    return next(u for u in builder.users.values() if u.agency_id == agency.pk)


def build(builder) -> None:
    made = 0
    for key, days_ago, period, answer, accepted in PLAN:
        case = _case(builder, key)
        if case is None or case.handler is None:
            continue
        sent_on = max(builder.today - datetime.timedelta(days=days_ago), case.accepted_on)
        request = services.material_request_send(
            actor=case.handler, case=case, agency=builder.agencies[key], items=ITEMS[key],
            period_days=period, sent_on=sent_on,
            files=[SimpleUploadedFile("调取证据材料通知书.pdf", tiny_pdf(f"request {case.number}"))])
        made += 1
        if answer is None:
            continue
        request = services.material_request_answer(
            actor=_liaison(builder, key), request=request, answer=answer,
            files=[SimpleUploadedFile("答复材料.pdf", tiny_pdf(f"answer {case.number}"))])
        if accepted:
            services.material_request_accept(actor=case.handler, request=request,
                                             note="材料齐全，已附卷。")
    builder.say(f"调取材料：{made} 件")
