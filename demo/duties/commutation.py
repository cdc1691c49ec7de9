"""The demo world's commutation, parole and temporary-service proposals (issue 19), made
through the services as real use would: 舟山市看守所 (``detention.liaison``) sends its copies to
定检; one waits, one is overdue, one was extended, one has its opinion and waits for the
ruling, one was ruled on rightly, and one ruled on wrongly has its draft 纠正意见 on a new case."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from cases.samples import tiny_pdf
from duties.services import commutation as services


def _days(builder, n: int) -> datetime.date:
    return builder.today - datetime.timedelta(days=n)


def build(builder) -> None:
    """Six proposals of 舟山市看守所 to 定检, in every state of the flow."""
    liaison = builder.users["detention.liaison"]
    court, police = builder.agencies["court"], builder.agencies["police"]
    procurator, approver = builder.users["dh.procurator"], builder.users["dh.approver"]
    year = builder.today.year

    def file(n: int, kind: str, received: int, person: str, proposal: str, to=court):
        words = {"commutation": "减", "parole": "假", "outside": "暂"}[kind]
        return services.commutation_file(
            actor=liaison, kind=kind, proposal_number=f"（{year}）舟看{words}字第{n}号",
            person_name=person, judgment_number=f"（{year - 2}）浙0902刑初{100 + n}号",
            judgment="盗窃罪，判处有期徒刑二年六个月", proposal=proposal, court=to,
            upload=SimpleUploadedFile(f"建议书{n}.pdf", tiny_pdf(f"proposal {n}")),
            received_on=_days(builder, received))

    def opinion(row, stance: str, reasons: str, after: int):
        services.commutation_opinion_save(actor=procurator, proposal=row, stance=stance,
                                          reasons=reasons)
        return services.commutation_opinion_issue(
            actor=approver, proposal=row,
            issued_on=min(row.received_on + datetime.timedelta(days=after), builder.today))

    file(1, "commutation", 2, "赵某某", "建议减去有期徒刑三个月")
    file(2, "parole", 14, "钱某某", "建议假释")
    extended = file(3, "commutation", 8, "孙某某", "建议减去有期徒刑四个月")
    services.commutation_extend(actor=approver, proposal=extended,
                                reason="该犯立功材料需向原办案机关核实，案情复杂")
    file(4, "outside", 3, "李某某", "罪犯患严重疾病，建议暂予监外执行（保外就医）", to=police)
    waiting = file(5, "commutation", 30, "周某某", "建议减去有期徒刑六个月")
    opinion(waiting, "agree", "该犯确有悔改表现，计分考核属实。", after=6)
    right = file(6, "parole", 70, "吴某某", "建议假释")
    right = opinion(right, "agree", "该犯符合假释条件，社区影响评估意见为可以假释。", after=5)
    services.commutation_ruling_record(
        actor=procurator, proposal=right, ruling_on=_days(builder, 40), outcome="granted",
        summary="裁定假释，考验期一年", ruling_number=f"（{year}）浙0902刑更{201}号")
    wrong = file(7, "commutation", 50, "郑某某", "建议减去有期徒刑八个月")
    wrong = opinion(wrong, "disagree", "（一）该犯计分考核中有两个月的记录与狱政台账不符；\n"
                                       "（二）该犯未履行财产性判项，且有履行能力。", after=7)
    services.commutation_ruling_record(
        actor=procurator, proposal=wrong, ruling_on=_days(builder, 20), outcome="granted",
        summary="裁定对罪犯郑某某减去有期徒刑八个月", ruling_number=f"（{year}）浙0902刑更{202}号",
        wrong=True, wrong_reason="该犯有履行能力而不履行财产性判项，不应认定“确有悔改表现”，"
                                 "裁定减刑不当。")
    services.commutation_correction_draft(actor=procurator, proposal=wrong)
    builder.say("减刑、假释、暂予监外执行建议：7 件（含逾期 1 件、已制作纠正意见 1 件）")
