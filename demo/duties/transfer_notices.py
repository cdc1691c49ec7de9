"""The demo world's transfer notices (issue 19, seed 003 §9): 舟山市定海区市场监督管理局's liaison
(``market.liaison``, DEMO.md) files five notices through the services, and 定检 and the police
unit act on them, so that every page has something to show — the intake queue's tabs (waiting to
be received, the police overdue, waiting for the police, a case opened), the police unit's
portal list with a decision to record, and the organ's list with each outcome."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from cases.samples import tiny_pdf
from duties.services import transfer_notices as services

#: (days before today, letter's sequence, case name, suspect kind, suspect, what the police
#: unit did, what 定检 did). ``police`` None: a unit outside the directory, named as text.
NOTICES = [
    (0, 41, "舟山某酒业商行销售假冒注册商标的商品案", "organisation", "舟山某酒业商行",
     None, None),
    (2, 39, "徐某生产、销售不符合安全标准的食品案", "person", "徐某",
     None, "receive"),
    (9, 35, "舟山某贸易有限公司销售伪劣产品案", "organisation", "舟山某贸易有限公司",
     None, "receive"),
    (16, 31, "定海某药房销售假药案", "organisation", "舟山市定海某药房",
     ("filed", 2, "定公（刑）立字〔{year}〕112号", ""), "receive"),
    (40, 22, "王某非法经营案", "person", "王某",
     ("not_filed", 8, "定公（刑）不立字〔{year}〕18号",
      "经审查，涉案金额未达到立案追诉标准，不需要追究刑事责任。"), "open_case"),
]


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tiny_pdf(name), "application/pdf")


def build(builder) -> None:
    """Five notices of the market regulator, each through the services as real use would."""
    organ, police_liaison = builder.users["market.liaison"], builder.users["police.liaison"]
    procurator = builder.users["dh.procurator"]
    police = builder.agencies["police"]
    for days, seq, name, kind, suspect, decision, step in NOTICES:
        day = builder.today - datetime.timedelta(days=days)
        notice = services.transfer_notice_file(
            actor=organ, case_name=name, summary=f"{suspect}涉嫌犯罪，已达刑事立案追诉标准，依法移送公安机关。",
            admin_case_number=f"舟定市监罚〔{day.year}〕{seq + 100}号", suspect_kind=kind,
            suspect_name=suspect, letter_number=f"舟定市监移〔{day.year}〕{seq}号",
            transferred_on=day, police_agency=police, files=[_pdf("涉嫌犯罪案件移送书.pdf")])
        if step == "receive":
            services.transfer_notice_receive(actor=procurator, notice=notice)
        if decision is not None:
            outcome, after, number, reason = decision
            services.transfer_notice_police_decide(
                actor=police_liaison, notice=notice, decision=outcome,
                decided_on=min(day + datetime.timedelta(days=after), builder.today), reason=reason,
                document_number=number.format(year=day.year), files=[_pdf("决定书.pdf")])
        if step == "open_case":
            services.transfer_notice_open_case(actor=procurator, notice=notice)
    # A police unit outside the directory: named by the organ, decided on its written notice.
    day = builder.today - datetime.timedelta(days=5)
    services.transfer_notice_file(
        actor=organ, case_name="某冷链公司销售不符合安全标准的食品案", summary="冷冻水产品检出禁用药物残留。",
        admin_case_number=f"舟定市监罚〔{day.year}〕160号", suspect_kind="organisation",
        suspect_name="舟山某冷链物流有限公司", letter_number=f"舟定市监移〔{day.year}〕37号",
        transferred_on=day, police_unit="舟山市公安局食品药品与环境犯罪侦查支队",
        files=[_pdf("涉嫌犯罪案件移送书.pdf")])
    builder.say(f"移送涉嫌犯罪案件通知：{len(NOTICES) + 1} 件")
