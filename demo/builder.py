"""The demo world of ``DEMO.md``: four procuratorates, eight agencies, one account per role and a
few dozen cases with instruments in every state the services can reach.

``load_demo_world()`` is what ``manage.py seed_demo`` (and so ``./dev up``) runs. It is
idempotent: when the demo procuratorates already exist it changes nothing and only returns the
summary, so a second ``./dev up`` does not duplicate anything.

The organisation, agencies and accounts are written with the ORM (there are no services for
them yet); every piece of casework goes through the services — ``case_register``,
``recommendation_draft/submit/return/approve/issue/serve`` and ``reply_submit`` — so the demo
shows exactly what real use produces: gap-free numbers, frozen PDFs, audit entries, due dates
computed by the deadline engine from real service dates and the real legal calendar. The one
write outside the services is a reply's ``submitted_at``, moved back to a plausible day after
service (the service stamps "now" and takes no date), so on-time rates make sense.

States no service reaches yet (evaluated, under review, extended, closed) are not built; add
them to ``PLAN`` when their services exist.

Due dates are aimed at buckets relative to ``today`` (due today, in 1/3/7 days, overdue by days
and by months …): for each target the service date is searched backwards from ``today`` until
the instrument type's period rule gives exactly that due date; where holidays make a target
impossible the nearest reachable due date is used. A fixed random seed keeps names and gaps
stable, so the same ``today`` always gives the same world.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TextIO

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import override

from agencies.choices import AgencyType
from agencies.models import Agency, LiaisonMembership
from cases import services as case_services
from cases.choices import (ClueSource, InterferenceManner, MeasureType, PartyKind, PartyRole,
                           TransferRecipient)
from cases.models import SupervisionCase
from cases.samples import tiny_pdf, tiny_png
from cases.services import PartyInput, RelatedNumberInput, case_register
from recommendations import services as rec_services
from recommendations.choices import InstrumentStatus, ServiceMethod
from recommendations.models import InstrumentType, Recommendation, Reply
from recommendations.services.sweep import deliver_event, pending_event_ids, sweep_deadlines

from supervision.calendar import LegalCalendar
from supervision.choices import ProcuratorateLevel, Role
from supervision.deadlines import compute_due_date
from supervision.ids import resident_id_check_char, uscc_check_char
from supervision.models import (
    Department,
    Matter,
    Notification,
    Procuratorate,
    SupervisionKind,
    User,
)

PASSWORD = "demo-pass-2026"
#: Fixed seed: the same ``today`` always gives the same world.
SEED = 20260101

# --- Organisation ----------------------------------------------------------------------------

#: (name, short name, level, parent short name)
PROCURATORATES = [
    ("浙江省人民检察院", "浙检", ProcuratorateLevel.PROVINCIAL, None),
    ("舟山市人民检察院", "舟检", ProcuratorateLevel.MUNICIPAL, "浙检"),
    ("舟山市定海区人民检察院", "定检", ProcuratorateLevel.BASIC, "舟检"),
    ("舟山市普陀区人民检察院", "普检", ProcuratorateLevel.BASIC, "舟检"),
]
#: The procuratorate whose existence marks the demo world as loaded.
MARKER_PROCURATORATE = "舟山市定海区人民检察院"

DEPARTMENTS = {
    "浙检": [("案件管理部", "案管")],
    "舟检": [("案件管理部", "案管")],
    "定检": [("第一检察部", "一"), ("第五检察部", "五"), ("第八检察部", "八"), ("案件管理部", "案管")],
    "普检": [("第一检察部", "一"), ("第八检察部", "八")],
}

#: key -> (name, type, sector, supervising procuratorate, superior / competent authority)
AGENCIES = {
    "court": ("舟山市定海区人民法院", AgencyType.COURT, "", "定检", "舟山市中级人民法院"),
    "police": ("舟山市公安局定海分局", AgencyType.POLICE, "", "定检", "舟山市公安局"),
    "market": ("舟山市定海区市场监督管理局", AgencyType.ADMINISTRATIVE, "市场监管", "定检",
               "舟山市市场监督管理局"),
    "land": ("舟山市自然资源和规划局定海分局", AgencyType.ADMINISTRATIVE, "自然资源", "定检",
             "舟山市自然资源和规划局"),
    "detention": ("舟山市看守所", AgencyType.DETENTION, "", "定检", "舟山市公安局"),
    "justice": ("舟山市定海区司法局", AgencyType.JUDICIAL_ADMINISTRATION, "社区矫正", "定检",
                "舟山市司法局"),
    "pt_court": ("舟山市普陀区人民法院", AgencyType.COURT, "", "普检", "舟山市中级人民法院"),
    "pt_police": ("舟山市公安局普陀分局", AgencyType.POLICE, "", "普检", "舟山市公安局"),
}

#: (username, display name, role, procuratorate, department, agency key). The first block is
#: DEMO.md's list; the rest are added so that every agency can reply and 普检 can approve.
ACCOUNTS = [
    ("dh.procurator", "陈立", Role.PROCURATOR, "定检", "第一检察部", None),
    ("dh.assistant", "李敏", Role.ASSISTANT, "定检", "第一检察部", None),
    ("dh.approver", "王建国", Role.APPROVER, "定检", "第一检察部", None),
    ("dh.pil", "周晓燕", Role.PROCURATOR, "定检", "第八检察部", None),
    ("dh.chief", "郑国华", Role.CHIEF, "定检", None, None),
    ("pt.procurator", "林海", Role.PROCURATOR, "普检", "第一检察部", None),
    ("zs.supervisor", "徐志强", Role.SUPERVISOR, "舟检", "案件管理部", None),
    ("zj.supervisor", "孙丽华", Role.SUPERVISOR, "浙检", "案件管理部", None),
    ("court.liaison", "黄磊", Role.LIAISON, None, None, "court"),
    ("police.liaison", "吴斌", Role.LIAISON, None, None, "police"),
    ("market.liaison", "张婷", Role.LIAISON, None, None, "market"),
    ("pt.court.liaison", "刘洋", Role.LIAISON, None, None, "pt_court"),
    ("npc.observer", "钱卫东", Role.OBSERVER, "定检", None, None),
    ("sysadmin", "蒋涛", Role.SYSADMIN, None, None, None),
    ("secadmin", "韩雪", Role.SECADMIN, None, None, None),
    ("auditadmin", "冯波", Role.AUDITADMIN, None, None, None),
    # Added to DEMO.md's list:
    ("pt.approver", "何静", Role.APPROVER, "普检", "第一检察部", None),
    ("land.liaison", "胡晓东", Role.LIAISON, None, None, "land"),
    ("detention.liaison", "俞海波", Role.LIAISON, None, None, "detention"),
    ("justice.liaison", "方芳", Role.LIAISON, None, None, "justice"),
    ("pt.police.liaison", "邵峰", Role.LIAISON, None, None, "pt_police"),
    # The police sub-bureau's responsible person (单位负责人): signs off its replies.
    ("police.head", "沈建华", Role.LIAISON, None, None, "police"),
]
#: Liaisons who are their agency's responsible person (单位负责人, signs off replies).
RESPONSIBLE = {"police.head"}
DEMO_MD_USERNAMES = [row[0] for row in ACCOUNTS[:16]]

# The three administrators' Django permissions come from their role (supervision/roles.py).

# --- Work: scenario templates ----------------------------------------------------------------

PERSONS = ["张某某", "王某", "李某某", "刘某", "陈某某", "杨某", "黄某某", "赵某", "吴某某", "周某",
           "徐某某", "孙某", "胡某某", "朱某", "高某某", "林某", "何某某", "郭某", "马某某", "罗某"]
COMPANIES = ["舟山某某水产有限公司", "舟山某某建材有限公司", "浙江某某海运有限公司",
             "舟山某某置业有限公司", "舟山某某船舶修造有限公司", "舟山某某贸易有限公司",
             "舟山某某餐饮管理有限公司", "舟山某某物流有限公司", "舟山某某渔业有限公司",
             "舟山某某商贸有限公司"]
#: Court codes and police prefixes used in related case numbers, by agency key.
COURT_CODE = {"court": "浙0902", "pt_court": "浙0903"}
POLICE_PREFIX = {"police": "舟定公", "pt_police": "舟普公"}


@dataclass(frozen=True)
class Text:
    """An instrument of a scenario: type code, texts, and the agency's reply if it replies."""

    type: str
    title: str
    facts: str
    problems: str
    legal_basis: str
    body: str
    reply: str
    measures: str


@dataclass(frozen=True)
class Scenario:
    kind: str
    matter: tuple[str | None, str]  # (parent name or None, leaf name)
    agency: str
    clue_source: str
    title: str
    summary: str
    instruments: tuple[Text, ...] = ()
    ref: str = ""  # related case number, formatted with y, n, court, police
    juvenile: bool = False



SCENARIOS: dict[str, Scenario] = {
    # --- 刑事检察 -------------------------------------------------------------------------
    "theft_not_filed": Scenario(
        "criminal", ("立案监督", "有案不立"), "police", ClueSource.COMPLAINT,
        "{p}电动自行车被盗案有案不立监督案",
        "被害人{p}向本院控告：其停放在定海区某小区地下车库的电动自行车三辆先后被盗，经价格认定"
        "合计价值人民币九千余元。报案后{agency}仅作受案登记，逾两个月未作出立案或者不予立案决定。"
        "经调取受案材料、询问被害人、查看现场监控，现有证据证明有盗窃犯罪事实发生，且已达到数额"
        "较大标准。",
        (
            Text("explain_non_filing", "关于{p}电动自行车被盗案要求说明不立案理由的通知",
                 "被害人{p}报案称其电动自行车三辆被盗（受案号{ref}），经价格认定合计价值人民币九千余元，"
                 "现场监控录像记录了作案过程。",
                 "该案已达到盗窃罪立案追诉标准，贵局受案后逾两个月未作出立案或者不予立案决定。",
                 "《中华人民共和国刑事诉讼法》第一百一十三条；《人民检察院刑事诉讼规则》第五百五十九条、"
                 "第五百六十条。",
                 "请贵局在收到本通知书后七日内，书面说明对该案不立案的理由，并附相关证据材料。",
                 "我局已对该案受案材料进行复查。因现场监控未能清晰辨认作案人面部特征，暂无明确的犯罪"
                 "嫌疑人，故尚未立案。",
                 "已指定刑侦大队重新梳理周边监控和销赃渠道线索。"),
            Text("notice_to_file", "关于{p}电动自行车被盗案的通知立案书",
                 "贵局对本院要求说明不立案理由通知书的回复称，因未能确定犯罪嫌疑人而未予立案。",
                 "立案的条件是有犯罪事实需要追究刑事责任，犯罪嫌疑人尚未查明不属于不予立案的法定理由，"
                 "贵局不立案的理由不能成立。",
                 "《中华人民共和国刑事诉讼法》第一百一十三条；《人民检察院刑事诉讼规则》第五百六十三条。",
                 "请贵局在收到本通知书后十五日内立案，并将立案决定书复印件送达本院。",
                 "我局已决定对该案立案侦查，立案决定书复印件随函送达。",
                 "成立专案组开展侦查，每月向检察机关通报侦查进展。"),
        ),
        ref="{police}（刑）受字〔{y}〕{n}号",
    ),
    "fraud_not_filed": Scenario(
        "criminal", ("立案监督", "有案不立"), "pt_police", ClueSource.HOTLINE,
        "{p}被电信网络诈骗案有案不立监督案",
        "被害人{p}通过12309检察服务平台反映：其被他人以“刷单返利”为名骗取人民币四万六千元，向"
        "{agency}报案后未获立案。经审查，被害人提供的转账记录、聊天记录能够证明诈骗犯罪事实，"
        "涉案金额已达到诈骗罪立案追诉标准。",
        (
            Text("explain_non_filing", "关于{p}被诈骗案要求说明不立案理由的通知",
                 "被害人{p}报案称被以“刷单返利”为名骗取人民币四万六千元（受案号{ref}），并提供了转账"
                 "记录和聊天记录。",
                 "该案涉案金额已达到诈骗罪立案追诉标准，贵局至今未予立案。",
                 "《中华人民共和国刑事诉讼法》第一百一十三条；《人民检察院刑事诉讼规则》第五百五十九条、"
                 "第五百六十条。",
                 "请贵局在收到本通知书后七日内，书面说明对该案不立案的理由。",
                 "经核查，该案资金流向境外账户，我局认为侦查条件不具备，暂未立案。",
                 "已将涉案账户信息推送至反诈中心进行止付核查。"),
            Text("notice_to_file", "关于{p}被诈骗案的通知立案书",
                 "贵局回复称因资金流向境外、侦查条件不具备而未予立案。",
                 "侦查难度不是不予立案的法定理由，贵局不立案的理由不能成立。",
                 "《中华人民共和国刑事诉讼法》第一百一十三条；《人民检察院刑事诉讼规则》第五百六十三条。",
                 "请贵局在收到本通知书后十五日内立案，并将立案决定书复印件送达本院。",
                 "", ""),
        ),
        ref="{police}（刑）受字〔{y}〕{n}号",
    ),
    "penalty_for_crime": Scenario(
        "criminal", ("立案监督", "以罚代刑"), "market", ClueSource.EX_OFFICIO,
        "{co}销售假冒注册商标白酒以罚代刑监督案",
        "本院在行政执法与刑事司法衔接信息共享平台巡查中发现，{agency}查处{co}销售假冒某知名品牌"
        "白酒一案，现场查获涉案白酒四百余瓶，货值金额人民币十二万余元，已达到销售假冒注册商标的"
        "商品罪立案追诉标准，该局仅作出没收和罚款的行政处罚，未将案件移送公安机关。",
        (
            Text("procuratorial_opinion", "关于依法移送{co}涉嫌销售假冒注册商标的商品案的检察意见",
                 "贵局在查处{co}销售假冒注册商标白酒一案（{ref}）中，查获涉案白酒四百余瓶，货值金额"
                 "人民币十二万余元，已作出没收违法商品并处罚款的行政处罚决定。",
                 "涉案货值金额已达到刑事立案追诉标准，贵局未将涉嫌犯罪案件移送公安机关，存在以罚代刑"
                 "问题。",
                 "《行政执法机关移送涉嫌犯罪案件的规定》第三条；《中华人民共和国刑事诉讼法》第八条。",
                 "一、将该案依法移送公安机关，并抄送本院；\n二、对近三年同类案件开展自查，健全涉嫌犯罪"
                 "案件移送机制。",
                 "", ""),
        ),
        ref="舟定市监处罚〔{y}〕{n}号",
    ),
    "long_pending": Scenario(
        "criminal", ("立案监督", "长期挂案"), "police", ClueSource.PARTY_APPLICATION,
        "{co}涉嫌合同诈骗案长期挂案监督案",
        "{co}申请监督称：{agency}于两年多前以涉嫌合同诈骗对其立案侦查，至今既未移送审查起诉也未"
        "撤销案件，企业银行账户被冻结，融资和招投标受到严重影响。经查阅案卷，该案立案后除调取部分"
        "合同外，近二十个月未开展实质性侦查活动。",
        (
            Text("recommendation", "关于依法清理{co}涉嫌合同诈骗挂案的检察建议",
                 "贵局于{y}年对{co}涉嫌合同诈骗立案侦查（{ref}），该案立案后近二十个月未开展实质性"
                 "侦查活动，涉案企业账户仍处于冻结状态。",
                 "该案长期处于既不撤案也不移送审查起诉的状态，影响涉案企业正常生产经营。",
                 "《中华人民共和国刑事诉讼法》第八条；《人民检察院检察建议工作规定》。",
                 "一、对该案全面审查，依法作出撤销案件或者移送审查起诉的决定；\n二、对不需要继续冻结的"
                 "账户及时解除冻结；\n三、建立涉企刑事案件定期清理机制。",
                 "", ""),
        ),
        ref="{police}（经）立字〔{y}〕{n}号",
    ),
    "illegal_seizure": Scenario(
        "criminal", ("侦查活动监督", "违法查封扣押冻结款物"), "police", ClueSource.COMPLAINT,
        "{agency}违法扣押{p}渔船监督案",
        "{p}控告称：{agency}在侦办一起非法捕捞水产品案件中，将其所有、与案件无关的渔船一艘及"
        "船上渔获物一并扣押，至今已逾五个月未予解除。经审查，该渔船并非作案工具，扣押缺乏依据。",
        (
            Text("correction_notice", "关于纠正违法扣押案外人{p}渔船的通知",
                 "贵局在侦办非法捕捞水产品案（{ref}）中，扣押了案外人{p}所有的渔船一艘及船上渔获物。",
                 "经审查，该渔船与案件无关，不属于可用以证明犯罪嫌疑人有罪或者无罪的财物，扣押已逾五个月"
                 "未予解除，违反法律规定。",
                 "《中华人民共和国刑事诉讼法》第一百四十一条、第一百四十五条；《人民检察院刑事诉讼规则》"
                 "第五百五十二条。",
                 "请贵局依法解除对该渔船及渔获物的扣押，退还所有人，并将纠正情况书面回复本院。",
                 "我局已于收到通知书后解除对涉案渔船的扣押，渔船及渔获物已退还所有人{p}并办理交接手续。",
                 "对办案民警进行批评教育；在全局开展涉案财物管理专项检查。"),
        ),
        ref="{police}（刑）立字〔{y}〕{n}号",
    ),
    "filed_not_investigated": Scenario(
        "criminal", ("侦查活动监督", "立而不侦"), "police", ClueSource.EX_OFFICIO,
        "{p}涉嫌故意伤害案立而不侦监督案",
        "本院在侦查监督与协作配合办公室日常巡查中发现，{agency}对{p}涉嫌故意伤害案立案后，"
        "犯罪嫌疑人身份明确、证据易于收集，但一年多来未开展讯问、鉴定等侦查活动。",
        (
            Text("correction_notice", "关于纠正{p}涉嫌故意伤害案立而不侦的通知",
                 "贵局于{y}年对{p}涉嫌故意伤害案立案侦查（{ref}），被害人伤情已鉴定为轻伤一级。",
                 "立案后一年多未对犯罪嫌疑人采取任何侦查措施，亦未作出撤销案件决定，存在立而不侦问题。",
                 "《中华人民共和国刑事诉讼法》第八条、第一百一十五条；《人民检察院刑事诉讼规则》"
                 "第五百五十二条。",
                 "请贵局依法及时开展侦查活动，并将纠正情况书面回复本院。",
                 "", ""),
        ),
        ref="{police}（刑）立字〔{y}〕{n}号",
    ),
    "illegal_evidence": Scenario(
        "criminal", ("侦查活动监督", "非法取证"), "pt_police", ClueSource.EX_OFFICIO,
        "{p}涉嫌盗窃案非法取证监督案",
        "本院在审查逮捕{p}涉嫌盗窃案时发现，{agency}办案人员在未依法告知诉讼权利、无同步录音录像"
        "的情况下连续讯问犯罪嫌疑人十余小时，部分讯问笔录存在复制粘贴情形。",
        (
            Text("correction_notice", "关于纠正{p}涉嫌盗窃案违法取证行为的通知",
                 "贵局在侦办{p}涉嫌盗窃案（{ref}）中，对犯罪嫌疑人连续讯问十余小时，讯问笔录未记载权利"
                 "告知情况，部分笔录内容雷同。",
                 "上述取证行为违反刑事诉讼法关于讯问犯罪嫌疑人的规定，相关笔录的合法性存疑。",
                 "《中华人民共和国刑事诉讼法》第五十六条、第一百二十条；《人民检察院刑事诉讼规则》"
                 "第五百五十二条。",
                 "请贵局依法纠正违法取证行为，对相关证据予以补正或者作出合理解释，并书面回复本院。",
                 "我局已对该案讯问过程进行倒查，依法重新讯问并全程同步录音录像，原笔录不再作为证据使用。",
                 "对办案民警停职培训；执法办案中心全面落实讯问全程录音录像。"),
        ),
        ref="{police}（刑）立字〔{y}〕{n}号",
    ),
    "overdue_detention": Scenario(
        "criminal", ("刑事执行监督", "超期羁押"), "detention", ClueSource.EX_OFFICIO,
        "{agency}在押人员{p}超期羁押监督案",
        "本院驻所检察室在羁押期限巡查中发现，在押人员{p}的羁押期限已届满，办案机关未办理延长"
        "羁押期限手续，{agency}未按规定在期限届满前向办案机关发出羁押期限即将届满通知，亦未及时"
        "通报本院，导致超期羁押六日。",
        (
            Text("correction_notice", "关于纠正在押人员{p}超期羁押的通知",
                 "在押人员{p}的羁押期限已届满，办案机关未办理延长羁押期限手续，贵所未在期限届满前七日"
                 "发出羁押期限即将届满通知书。",
                 "贵所未依法履行羁押期限提示职责，导致在押人员超期羁押六日。",
                 "《中华人民共和国刑事诉讼法》第八条；《人民检察院刑事诉讼规则》第五百五十二条、"
                 "第六百三十七条。",
                 "请贵所立即纠正，建立羁押期限预警台账，并将纠正情况书面回复本院。",
                 "", ""),
        ),
    ),
    "custody_review": Scenario(
        "criminal", (None, "羁押必要性审查"), "police", ClueSource.PARTY_APPLICATION,
        "{p}涉嫌故意伤害案羁押必要性审查案",
        "犯罪嫌疑人{p}的辩护人申请羁押必要性审查。经审查，该案系邻里纠纷引发，被害人为轻伤二级，"
        "{p}已赔偿被害人经济损失并取得谅解，有固定住所，继续羁押已无必要。",
        (
            Text("custody_review", "关于对{p}予以释放或者变更强制措施的建议",
                 "犯罪嫌疑人{p}因涉嫌故意伤害被{agency}刑事拘留后经批准逮捕（{ref}），现羁押于舟山市"
                 "看守所。",
                 "{p}已赔偿被害人经济损失并取得谅解，系初犯，有固定住所，不羁押不致发生社会危险性。",
                 "《中华人民共和国刑事诉讼法》第九十五条；《人民检察院刑事诉讼规则》第五百七十三条至"
                 "第五百八十一条。",
                 "建议贵局对犯罪嫌疑人{p}予以释放或者变更为取保候审，并在十日内将处理情况书面告知本院。",
                 "我局采纳检察建议，已对犯罪嫌疑人{p}变更强制措施为取保候审。",
                 "已向犯罪嫌疑人宣布取保候审决定，并落实执行监管措施。"),
        ),
        ref="{police}（刑）立字〔{y}〕{n}号",
    ),
    "community_correction": Scenario(
        "criminal", ("刑事执行监督", "社区矫正脱管漏管"), "justice", ClueSource.EX_OFFICIO,
        "社区矫正对象{p}脱管监督案",
        "本院在社区矫正检察巡回检察中发现，社区矫正对象{p}（判处有期徒刑一年、缓刑二年）在矫正期间"
        "连续两个月未按规定报到，电子定位手机长期关机，{agency}所属司法所未及时发现并采取措施，"
        "造成脱管。",
        (
            Text("recommendation", "关于加强社区矫正对象监督管理的检察建议",
                 "社区矫正对象{p}在矫正期间连续两个月未按规定报到，电子定位长期中断，司法所未及时发现、"
                 "未采取查找措施。",
                 "社区矫正日常监管流于形式，信息化核查措施落实不到位，造成社区矫正对象脱管。",
                 "《中华人民共和国社区矫正法》第八条、第二十八条；《人民检察院检察建议工作规定》。",
                 "一、立即查找{p}下落，依法予以处理；\n二、对全区社区矫正对象报到、定位情况开展排查；"
                 "\n三、完善脱管预警和责任追究机制。",
                 "", ""),
        ),
    ),
    "community_correction_minor": Scenario(
        "criminal", ("刑事执行监督", "社区矫正脱管漏管"), "justice", ClueSource.EX_OFFICIO,
        "未成年社区矫正对象{p}漏管监督案",
        "本院在未成年人刑事执行检察中发现，未成年社区矫正对象{p}（犯罪时十六周岁，判处缓刑）判决"
        "生效后，{agency}未在规定期限内办理接收手续，致其一个多月处于漏管状态，也未落实针对未成年人的"
        "帮教措施。",
        (
            Text("recommendation", "关于依法接收未成年社区矫正对象并落实帮教措施的检察建议",
                 "未成年社区矫正对象{p}的判决生效后，贵局未在规定期限内办理接收，致其一个多月未纳入监管。",
                 "社区矫正接收衔接不畅，未对未成年社区矫正对象采取有针对性的矫正和帮教措施。",
                 "《中华人民共和国社区矫正法》第八条、第五十二条；《中华人民共和国未成年人保护法》。",
                 "一、立即依法接收{p}，制定个别化矫正方案；\n二、会同学校、家庭落实帮教措施；"
                 "\n三、完善法院、公安、司法行政之间的交付接收衔接机制。",
                 "我局已于收到检察建议后三日内完成对{p}的接收，并为其确定了矫正小组和个别化矫正方案。",
                 "与区法院、公安分局建立判决生效信息推送机制；为未成年社区矫正对象配备心理咨询师。"),
        ),
        juvenile=True,
    ),
    "property_penalty": Scenario(
        "criminal", ("刑事执行监督", "财产刑执行"), "court", ClueSource.EX_OFFICIO,
        "{agency}罚金刑执行监督案",
        "本院在财产刑执行专项检察中发现，{agency}判处的{p}等十一名罪犯的罚金刑，判决生效后一年以上"
        "未移送执行或者未采取执行措施，涉及罚金人民币二十三万元。",
        (
            Text("recommendation", "关于规范财产刑执行工作的检察建议",
                 "贵院判处{p}等十一名罪犯的罚金刑（包括{ref}等案），判决生效后一年以上未移送立案执行"
                 "或者立案后未采取执行措施，涉及罚金人民币二十三万元。",
                 "财产刑移送执行不及时，执行措施不到位，影响刑事裁判的严肃性。",
                 "《中华人民共和国刑事诉讼法》第八条、第二百七十一条；《人民检察院检察建议工作规定》。",
                 "一、对上述案件及时移送执行并依法采取执行措施；\n二、建立刑事裁判涉财产部分移送执行台账；"
                 "\n三、定期向本院通报财产刑执行情况。",
                 "我院已对所列十一件罚金刑案件全部移送立案执行，已执行到位罚金人民币十四万元，其余案件"
                 "已查控被执行人财产。",
                 "建立刑事裁判涉财产部分执行移送台账，由刑庭与执行局每月对账。"),
        ),
        ref="（{y}）{court}刑初{n}号",
    ),
    "criminal_trial_procedure": Scenario(
        "criminal", ("刑事审判监督", "审判程序违法"), "court", ClueSource.EX_OFFICIO,
        "{p}危险驾驶案审判程序违法监督案",
        "本院在审查{agency}判决的{p}危险驾驶案时发现，该案适用速裁程序审理，但庭审中未听取被告人"
        "最后陈述，且判决书送达超过法定期限。",
        (
            Text("correction_notice", "关于纠正{p}危险驾驶案审判程序违法的通知",
                 "贵院审理的{p}危险驾驶案（{ref}）适用速裁程序，庭审笔录未记载被告人最后陈述，判决书于"
                 "宣判后十五日方送达被告人。",
                 "上述做法违反刑事诉讼法关于速裁程序和裁判文书送达的规定。",
                 "《中华人民共和国刑事诉讼法》第八条、第二百二十四条；《人民检察院刑事诉讼规则》"
                 "第五百七十条。",
                 "请贵院依法纠正，并将纠正情况书面回复本院。",
                 "", ""),
        ),
        ref="（{y}）{court}刑初{n}号",
    ),
    # --- 民事检察 -------------------------------------------------------------------------
    "passive_enforcement": Scenario(
        "civil", ("执行监督", "消极执行"), "court", ClueSource.PARTY_APPLICATION,
        "{co}申请执行监督案",
        "申请执行人{co}与被执行人{p}买卖合同纠纷一案，{agency}立案执行后十四个月内未对被执行人的"
        "银行存款、不动产、车辆进行查询，也未采取任何强制执行措施，申请执行人申请监督。",
        (
            Text("execution_recommendation", "关于{co}与{p}买卖合同纠纷执行案的检察建议",
                 "贵院受理的{co}申请执行{p}买卖合同纠纷一案（{ref}），执行标的人民币三十八万元。立案执行后"
                 "十四个月内，贵院未通过网络执行查控系统查询被执行人财产，亦未采取其他执行措施。",
                 "贵院在有条件执行的情况下长期未采取执行措施，存在消极执行问题。",
                 "《中华人民共和国民事诉讼法》第十四条；《人民检察院民事诉讼监督规则》。",
                 "一、依法及时对被执行人财产进行查询、控制和处置；\n二、对执行期限超过一年的案件开展清理。",
                 "", ""),
        ),
        ref="（{y}）{court}执{n}号",
    ),
    "abuse_termination": Scenario(
        "civil", ("执行监督", "滥用终结本次执行程序"), "court", ClueSource.PARTY_APPLICATION,
        "{p}申请执行监督案（终结本次执行程序）",
        "申请执行人{p}与被执行人{co}民间借贷纠纷一案，{agency}在未查询被执行人名下不动产、未向申请"
        "执行人告知财产调查结果的情况下裁定终结本次执行程序。经本院查询，被执行人名下有商铺一间。",
        (
            Text("execution_recommendation", "关于{p}与{co}民间借贷纠纷执行案的检察建议",
                 "贵院受理的{p}申请执行{co}民间借贷纠纷一案（{ref}），在未完成不动产查询、未约谈申请执行人"
                 "的情况下裁定终结本次执行程序。经本院查询，被执行人名下有商铺一间。",
                 "该案不符合终结本次执行程序的条件，终结本次执行程序裁定不当。",
                 "《中华人民共和国民事诉讼法》第十四条；《最高人民法院关于严格规范终结本次执行程序的"
                 "规定（试行）》第一条。",
                 "一、依法恢复执行，对被执行人名下商铺采取查封措施；\n二、对本院终结本次执行程序案件开展"
                 "专项自查。",
                 "", ""),
        ),
        ref="（{y}）{court}执{n}号",
    ),
    "retrial": Scenario(
        "civil", ("生效裁判结果监督", "再审检察建议"), "court", ClueSource.PARTY_APPLICATION,
        "{p}与{co}民间借贷纠纷再审检察建议案",
        "申请人{p}不服{agency}民间借贷纠纷生效判决申请监督。经调阅原审卷宗、询问当事人，原判决认定"
        "借款已全部清偿所依据的银行流水实为双方另一笔货款往来，原判决认定的基本事实缺乏证据证明。",
        (
            Text("retrial_recommendation", "关于{p}与{co}民间借贷纠纷一案的再审检察建议",
                 "{p}诉{co}民间借贷纠纷一案，贵院作出（{ref}）民事判决，以借款已全部清偿为由驳回{p}的"
                 "诉讼请求，判决已发生法律效力。",
                 "原判决认定借款已清偿所依据的银行流水系双方另一笔货款往来，原判决认定的基本事实缺乏"
                 "证据证明。",
                 "《中华人民共和国民事诉讼法》第十四条及关于再审检察建议的规定；《人民检察院民事诉讼监督"
                 "规则》。",
                 "建议贵院对该案启动再审程序。",
                 "", ""),
        ),
        ref="（{y}）{court}民初{n}号",
    ),
    "false_litigation": Scenario(
        "civil", (None, "虚假诉讼"), "court", ClueSource.EX_OFFICIO,
        "{p}与{co}虚假诉讼监督案",
        "本院在民事执行监督中发现，{p}与{co}实际控制人系亲属关系，双方在{co}被多家债权人起诉期间"
        "达成调解，确认{co}欠{p}借款人民币二百万元，并据此申请参与分配。经调取资金流水，所谓借款"
        "系循环转账形成，双方涉嫌恶意串通虚构债务。",
        (
            Text("retrial_recommendation", "关于{p}与{co}民间借贷纠纷调解书的再审检察建议",
                 "贵院作出（{ref}）民事调解书，确认{co}欠{p}借款人民币二百万元。",
                 "经调取资金流水，所谓借款系同一笔资金循环转账形成，双方恶意串通、虚构债务，损害其他"
                 "债权人合法权益，调解书违反法律规定。",
                 "《中华人民共和国民事诉讼法》第十四条、第一百一十五条。",
                 "建议贵院对该调解书依法再审，并对当事人的虚假诉讼行为依法处理。",
                 "我院已裁定对该案再审，并对{p}、{co}的虚假诉讼行为分别处以罚款。",
                 "在立案、执行环节建立虚假诉讼风险提示和关联案件甄别机制。"),
        ),
        ref="（{y}）{court}民初{n}号",
    ),
    "illegal_service": Scenario(
        "civil", ("审判程序违法", "违法送达"), "court", ClueSource.COMPLAINT,
        "{p}与{co}劳务合同纠纷违法送达监督案",
        "{p}控告称：{agency}在其下落明确、联系方式可查的情况下，直接采用公告方式送达起诉状副本和"
        "开庭传票，致其未能参加诉讼，缺席判决后亦未能上诉。",
        (
            Text("recommendation", "关于规范民事诉讼送达工作的检察建议",
                 "贵院审理的{co}诉{p}劳务合同纠纷一案（{ref}），在被告{p}住址和手机号码明确的情况下，"
                 "未尝试直接送达或者邮寄送达，即采用公告方式送达。",
                 "公告送达适用于受送达人下落不明或者用其他方式无法送达的情形，该案公告送达违反法律规定。",
                 "《中华人民共和国民事诉讼法》第十四条及关于公告送达的规定。",
                 "一、依法纠正该案送达程序问题；\n二、严格把握公告送达的适用条件。",
                 "我院已对该案启动院长发现程序进行审查，并对承办人员进行通报。",
                 "下发《关于规范公告送达的通知》，公告送达须经庭长审批。"),
        ),
        ref="（{y}）{court}民初{n}号",
    ),
    "trial_overdue": Scenario(
        "civil", ("审判程序违法", "违反法定审理期限"), "court", ClueSource.DEPUTY,
        "{co}与{p}建设工程施工合同纠纷超审限监督案",
        "区人大代表转交{co}反映的问题：其与{p}建设工程施工合同纠纷一案在{agency}审理已逾十八个月，"
        "未办理延长审限手续。经调阅案卷，该案鉴定完成后八个月未开庭。",
        (
            Text("recommendation", "关于{co}与{p}建设工程施工合同纠纷案超审限问题的检察建议",
                 "贵院审理的{co}与{p}建设工程施工合同纠纷一案（{ref}），立案已逾十八个月，鉴定意见出具后"
                 "八个月未开庭审理，卷内无延长审理期限的审批手续。",
                 "该案审理违反法定审理期限。",
                 "《中华人民共和国民事诉讼法》第十四条及关于审理期限的规定。",
                 "一、尽快依法审结该案；\n二、对超审限案件开展清理并建立预警机制。",
                 "", ""),
        ),
        ref="（{y}）{court}民初{n}号",
    ),
    # --- 行政检察 -------------------------------------------------------------------------
    "admin_illegal_act": Scenario(
        "administrative", (None, "行政违法行为监督"), "market", ClueSource.EX_OFFICIO,
        "{agency}行政处罚程序违法监督案",
        "本院在履职中发现，{agency}对{co}等五家小餐饮经营者作出的罚款处罚，均未告知当事人陈述、"
        "申辩权利，其中两件罚款数额达到听证标准却未告知听证权利。",
        (
            Text("recommendation", "关于规范行政处罚程序的检察建议",
                 "贵局对{co}等五家小餐饮经营者作出罚款处罚（包括{ref}等），处罚决定作出前均未告知当事人"
                 "陈述、申辩权利，其中两件未告知听证权利。",
                 "上述行政处罚程序违反《中华人民共和国行政处罚法》的规定。",
                 "《中华人民共和国行政处罚法》第四十四条、第六十三条；《中华人民共和国行政诉讼法》第十一条。",
                 "一、对上述案件依法自行纠正；\n二、开展行政处罚案卷评查，规范执法程序。",
                 "", ""),
        ),
        ref="舟定市监处罚〔{y}〕{n}号",
    ),
    "nonlitigation_execution": Scenario(
        "administrative", (None, "行政执行和非诉执行监督"), "court", ClueSource.EX_OFFICIO,
        "非诉行政执行案件久拖不决监督案",
        "本院在行政非诉执行监督专项活动中发现，{agency}受理的舟山市自然资源和规划局定海分局申请强制"
        "执行{p}违法占地行政处罚决定一案，受理后九个月未作出是否准予执行的裁定。",
        (
            Text("recommendation", "关于依法审查非诉行政执行申请的检察建议",
                 "贵院受理的非诉行政执行案件（{ref}）受理后九个月未作出是否准予执行的裁定。",
                 "该案审查期限远超法定期限，影响行政决定的执行。",
                 "《中华人民共和国行政诉讼法》第十一条、第九十七条。",
                 "一、依法及时作出裁定；\n二、清理积存的非诉行政执行审查案件。",
                 "", ""),
        ),
        ref="（{y}）{court}行审{n}号",
    ),
    "dispute_resolution": Scenario(
        "administrative", (None, "行政争议实质性化解"), "land", ClueSource.PARTY_APPLICATION,
        "{p}不服房屋征收补偿决定行政争议实质性化解案",
        "{p}不服{agency}作出的房屋征收补偿决定，行政诉讼经两审败诉后申请监督。经审查，生效裁判并无"
        "不当，但{p}的实际居住困难确实存在，本院拟组织公开听证，推动争议实质性化解。",
    ),
    # --- 公益诉讼检察 ---------------------------------------------------------------------
    "expired_food": Scenario(
        "public_interest", (None, "食品药品安全"), "market", ClueSource.EX_OFFICIO,
        "校园周边食品安全行政公益诉讼案",
        "本院联合区教育局对定海区中小学校园周边食品经营场所开展走访，发现多家超市、小卖部销售过期"
        "食品和“三无”辣条等食品，{agency}未依法履行监管职责，侵害了未成年人的身体健康和社会公共利益。",
        (
            Text("pil_pre_litigation", "关于督促依法查处校园周边食品安全问题的检察建议",
                 "经现场走访，定海区七所中小学校园周边二百米范围内共有十二家食品经营者销售过期食品或者"
                 "无标签预包装食品，其中包括{co}经营的门店。",
                 "贵局作为食品安全监督管理部门，未对上述违法行为依法查处，致使社会公共利益持续处于受侵害"
                 "状态。",
                 "《中华人民共和国行政诉讼法》第二十五条第四款；《中华人民共和国食品安全法》第六条；"
                 "《中华人民共和国未成年人保护法》。",
                 "一、对上述食品经营者依法查处；\n二、开展校园周边食品安全专项整治；\n三、建立校园周边"
                 "食品安全常态化监管机制。",
                 "我局已对十二家经营者全部立案查处，没收过期食品二百余件，罚款合计人民币四万三千元。",
                 "开展为期三个月的校园周边食品安全专项整治；与教育部门建立校园周边食品经营者名录和"
                 "季度巡查制度。"),
        ),
        juvenile=True,
    ),
    "farmland": Scenario(
        "public_interest", (None, "生态环境和资源保护"), "land", ClueSource.EX_OFFICIO,
        "{co}违法占用耕地行政公益诉讼案",
        "本院通过卫星遥感影像比对发现，{co}在定海区某街道未经批准占用永久基本农田约九亩，硬化地面并"
        "建设堆场，{agency}作出责令退还土地、恢复原状的处罚决定后，未督促履行也未申请法院强制执行。",
        (
            Text("pil_pre_litigation", "关于督促依法查处{co}违法占用耕地问题的检察建议",
                 "{co}未经批准占用定海区某街道永久基本农田约九亩，硬化地面并建设堆场。贵局于{y}年作出"
                 "行政处罚决定（{ref}），责令退还土地、恢复耕种条件，至今未履行。",
                 "贵局未依法督促履行处罚决定，也未申请人民法院强制执行，耕地持续遭受破坏。",
                 "《中华人民共和国行政诉讼法》第二十五条第四款；《中华人民共和国土地管理法》第七十七条。",
                 "一、依法督促{co}退还土地、恢复耕种条件，逾期不履行的依法申请强制执行；\n二、对辖区内"
                 "违法占用耕地问题开展排查。",
                 "", ""),
        ),
        ref="舟自然资规定罚〔{y}〕{n}号",
    ),
    "illegal_quarry": Scenario(
        "public_interest", (None, "生态环境和资源保护"), "land", ClueSource.TRANSFERRED,
        "{p}非法开采建筑用石料行政公益诉讼案",
        "舟山市公安局定海分局移送线索反映：{p}在定海区某海岛未取得采矿许可证开采建筑用石料，造成山体"
        "破损约一万二千平方米，{agency}发现后未依法查处，也未督促修复。",
        (
            Text("pil_pre_litigation", "关于督促依法查处非法采石并修复受损山体的检察建议",
                 "{p}在定海区某海岛无证开采建筑用石料，造成山体破损约一万二千平方米。",
                 "贵局对上述非法采矿行为未依法查处，也未督促责任人修复受损山体，国家矿产资源和生态环境"
                 "持续受到损害。",
                 "《中华人民共和国行政诉讼法》第二十五条第四款；《中华人民共和国矿产资源法》。",
                 "一、对非法采矿行为依法查处；\n二、督促责任人制定并实施生态修复方案。",
                 "", ""),
        ),
    ),
    "land_grant_fee": Scenario(
        "public_interest", (None, "国有土地使用权出让"), "land", ClueSource.EX_OFFICIO,
        "{co}欠缴国有土地使用权出让金行政公益诉讼案",
        "本院在履职中发现，{co}竞得定海区某地块国有土地使用权后，欠缴土地出让金及违约金合计人民币"
        "一千二百余万元已逾两年，{agency}未依法追缴，国有财产处于流失风险之中。",
        (
            Text("pil_pre_litigation", "关于督促依法追缴{co}欠缴土地出让金的检察建议",
                 "{co}于{y}年竞得定海区某地块国有土地使用权，合同约定分期缴纳出让金，至今欠缴出让金及违约金"
                 "合计人民币一千二百余万元。",
                 "贵局未依照出让合同和法律规定采取追缴措施，国有财产处于持续流失风险之中。",
                 "《中华人民共和国行政诉讼法》第二十五条第四款；《中华人民共和国城镇国有土地使用权出让和"
                 "转让暂行条例》。",
                 "一、依法追缴欠缴的土地出让金及违约金；\n二、对辖区内土地出让金欠缴情况开展清查。",
                 "", ""),
        ),
    ),
    "ebike_battery": Scenario(
        "public_interest", (None, "安全生产"), "market", ClueSource.HOTLINE,
        "电动自行车违规改装和不合格蓄电池销售行政公益诉讼案",
        "群众通过12309检察服务平台反映，定海区多家电动自行车门店销售不符合强制性国家标准的锂离子"
        "蓄电池并提供“提速”改装服务。经调查属实，存在重大火灾隐患，{agency}未依法履行监管职责。",
        (
            Text("pil_pre_litigation", "关于督促整治电动自行车违规改装和不合格蓄电池销售的检察建议",
                 "经调查，定海区九家电动自行车销售维修门店（包括{co}）销售不符合强制性国家标准的锂离子"
                 "蓄电池，并提供拆除限速器等改装服务。",
                 "上述行为存在重大火灾隐患，贵局未依法查处，社会公共利益处于受侵害状态。",
                 "《中华人民共和国行政诉讼法》第二十五条第四款；《中华人民共和国产品质量法》。",
                 "一、对违法销售、改装行为依法查处；\n二、开展电动自行车及蓄电池产品质量专项抽检。",
                 "", ""),
        ),
    ),
    "face_data": Scenario(
        "public_interest", (None, "个人信息保护"), "market", ClueSource.EX_OFFICIO,
        "健身美容门店违规收集人脸信息行政公益诉讼案",
        "本院在履职中发现，定海区多家健身、美容门店在未告知、未取得单独同意的情况下，强制会员通过"
        "“刷脸”进店并留存人脸图像，{agency}未依法查处。",
        (
            Text("pil_pre_litigation", "关于督促查处违规收集消费者人脸信息行为的检察建议",
                 "定海区六家健身、美容门店（包括{co}）以“刷脸”作为会员进店的唯一方式，收集并存储人脸"
                 "图像，未告知处理目的、未取得单独同意。",
                 "上述行为侵害不特定消费者个人信息权益，贵局未依法履行监管职责。",
                 "《中华人民共和国行政诉讼法》第二十五条第四款；《中华人民共和国个人信息保护法》第二十九条、"
                 "第七十条；《中华人民共和国消费者权益保护法》。",
                 "一、依法查处违规收集人脸信息行为，督促删除已收集的信息；\n二、提供“刷脸”以外的替代进店"
                 "方式。",
                 "", ""),
        ),
    ),
    "historic_buildings": Scenario(
        "public_interest", (None, "文物和文化遗产保护"), "land", ClueSource.DEPUTY,
        "定海古城历史建筑保护行政公益诉讼案",
        "区人大代表反映定海古城历史文化街区内多处历史建筑年久失修、被违规改建。经实地勘查，三处"
        "已公布的历史建筑存在私自加层和拆除原有构件的情况，{agency}未依法履行保护监管职责。",
        (
            Text("pil_pre_litigation", "关于督促加强定海古城历史建筑保护的检察建议",
                 "定海古城历史文化街区内三处已公布的历史建筑存在私自加层、拆除原有木构件等情况，另有多处"
                 "屋面漏雨、墙体开裂。",
                 "贵局作为历史建筑保护的主管部门，未依法制止违规改建并督促修缮，历史文化遗产持续受损。",
                 "《中华人民共和国行政诉讼法》第二十五条第四款；《历史文化名城名镇名村保护条例》。",
                 "一、依法查处违规改建行为，督促恢复原状；\n二、会同街道对街区内历史建筑开展安全评估并"
                 "落实修缮责任。",
                 "", ""),
        ),
    ),
    "tobacco_minors": Scenario(
        "public_interest", (None, "未成年人权益保护"), "market", ClueSource.EX_OFFICIO,
        "校园周边向未成年人售烟行政公益诉讼案",
        "本院未成年人检察团队在履职中发现，定海区部分中小学周边商店未在显著位置设置不向未成年人"
        "销售烟草的标志，并向身着校服的学生出售香烟和电子烟，{agency}未依法查处。",
        (
            Text("pil_pre_litigation", "关于督促查处向未成年人销售烟草制品行为的检察建议",
                 "经暗访，定海区五所中小学周边八家商店未设置不向未成年人售烟标志，其中五家向身着校服的"
                 "学生出售香烟或者电子烟。",
                 "上述行为损害未成年人身心健康，贵局未依法履行监管职责。",
                 "《中华人民共和国行政诉讼法》第二十五条第四款；《中华人民共和国未成年人保护法》第五十九条、"
                 "第一百一十七条。",
                 "一、依法查处向未成年人售烟行为；\n二、督促经营者在显著位置设置禁售标志；\n三、建立校园"
                 "周边常态化巡查机制。",
                 "", ""),
        ),
        juvenile=True,
    ),
    "pesticide_vegetables": Scenario(
        "public_interest", (None, "农产品质量安全"), "market", ClueSource.EX_OFFICIO,
        "农贸市场销售农药残留超标蔬菜行政公益诉讼案",
        "本院委托第三方检测机构对定海区三家农贸市场抽检，发现豇豆、芹菜等蔬菜农药残留超标，市场"
        "开办者未落实快速检测制度，{agency}未依法履行监管职责。",
        (
            Text("pil_pre_litigation", "关于督促加强农贸市场食用农产品质量安全监管的检察建议",
                 "经抽检，定海区三家农贸市场销售的豇豆、芹菜等五批次蔬菜农药残留超标，市场开办者未按规定"
                 "开展快速检测。",
                 "贵局未依法督促市场开办者履行食用农产品质量安全管理责任，不特定消费者的身体健康受到威胁。",
                 "《中华人民共和国行政诉讼法》第二十五条第四款；《中华人民共和国农产品质量安全法》；"
                 "《中华人民共和国食品安全法》。",
                 "一、对销售不合格蔬菜的经营者依法查处；\n二、督促市场开办者落实快速检测和进货查验制度。",
                 "我局已对五户经营者立案查处，下架销毁不合格蔬菜三百余公斤，并约谈三家市场开办者。",
                 "三家市场均已配备快检室并每日公示检测结果；我局将豇豆等高风险品种列入月度抽检计划。"),
        ),
    ),
}


# --- Work: the plan --------------------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    """The state one instrument of a case is left in.

    ``state``: draft, returned, pending, approved, issued, awaiting, replied. ``days``: for
    awaiting, the target due date relative to today (negative: overdue); for replied, how many
    days ago it was served; for issued, how many days ago it was issued.
    """

    state: str
    days: int = 0
    late: bool = False  # replied: after the due date


@dataclass(frozen=True)
class CasePlan:
    scenario: str
    handler: str
    steps: tuple[Step, ...] = ()
    assistant: str | None = None
    agency: str | None = None  # overrides the scenario's agency


A, R = "awaiting", "replied"
RETURN_REASONS = [
    "“查明的事实”部分对涉案金额的表述与卷宗证据不一致，请核实后修改。",
    "建议事项不够具体，请明确整改内容和回复要求后重新提请审批。",
]

PLAN: list[CasePlan] = [
    # 定检 第一检察部 — criminal, civil, administrative
    CasePlan("theft_not_filed", "dh.procurator", (Step(R, 110), Step(A, 0)), "dh.assistant"),
    CasePlan("theft_not_filed", "dh.procurator", (Step(A, 3),)),
    CasePlan("penalty_for_crime", "dh.procurator", (Step(A, -12),)),
    CasePlan("long_pending", "dh.procurator", (Step(A, 7),), "dh.assistant"),
    CasePlan("illegal_seizure", "dh.procurator", (Step(R, 150),)),
    CasePlan("filed_not_investigated", "dh.procurator", (Step(A, -150),)),
    CasePlan("overdue_detention", "dh.procurator", (Step(A, 25),)),
    CasePlan("custody_review", "dh.procurator", (Step(A, 1),), "dh.assistant"),
    CasePlan("custody_review", "dh.procurator", (Step(R, 40),)),
    CasePlan("community_correction", "dh.procurator", (Step(A, -45),)),
    CasePlan("community_correction_minor", "dh.procurator", (Step(R, 200),)),
    CasePlan("property_penalty", "dh.procurator", (Step(R, 90),)),
    CasePlan("criminal_trial_procedure", "dh.procurator", (Step("pending"),)),
    CasePlan("passive_enforcement", "dh.procurator", (Step(A, 50),), "dh.assistant"),
    CasePlan("abuse_termination", "dh.procurator", (Step(A, -70),)),
    CasePlan("retrial", "dh.procurator", (Step(A, 80),)),
    CasePlan("false_litigation", "dh.procurator", (Step(R, 300, late=True),)),
    CasePlan("illegal_service", "dh.procurator", (Step("returned"),), "dh.assistant"),
    CasePlan("trial_overdue", "dh.procurator", (Step("approved"),)),
    CasePlan("admin_illegal_act", "dh.procurator", (Step("issued", 3),)),
    CasePlan("nonlitigation_execution", "dh.procurator", (Step("draft"),)),
    CasePlan("dispute_resolution", "dh.procurator"),
    # 定检 第八检察部 — public interest
    CasePlan("expired_food", "dh.pil", (Step(R, 330),)),
    CasePlan("farmland", "dh.pil", (Step(A, -5),)),
    CasePlan("land_grant_fee", "dh.pil", (Step(A, -240),)),
    CasePlan("ebike_battery", "dh.pil", (Step(A, 40),)),
    CasePlan("face_data", "dh.pil", (Step("pending"),)),
    CasePlan("historic_buildings", "dh.pil", (Step("issued", 6),)),
    CasePlan("tobacco_minors", "dh.pil", (Step(A, 5),)),
    CasePlan("pesticide_vegetables", "dh.pil", (Step(R, 120),)),
    CasePlan("illegal_quarry", "dh.pil", (Step("returned"),)),
    CasePlan("farmland", "dh.pil", (Step("approved"),)),
    # 普检 第一检察部
    CasePlan("fraud_not_filed", "pt.procurator", (Step(R, 95), Step(A, -20))),
    CasePlan("passive_enforcement", "pt.procurator", (Step(A, 10),), agency="pt_court"),
    CasePlan("illegal_service", "pt.procurator", (Step(A, -35),), agency="pt_court"),
    CasePlan("illegal_evidence", "pt.procurator", (Step(R, 60),)),
    CasePlan("filed_not_investigated", "pt.procurator", (Step("draft"),), agency="pt_police"),
    CasePlan("trial_overdue", "pt.procurator", (Step("pending"),), agency="pt_court"),
]

#: (scenario, measure type, target, result, refusal): 调查核实 on a few demo cases.
CASE_FILE_MEASURES = [
    ("theft_not_filed", MeasureType.INQUIRY, "被害人", "被害人陈述三辆电动自行车被盗经过，提供购车凭证和报案回执。", ""),
    ("long_pending", MeasureType.FILE_REVIEW, "舟山市公安局定海分局经侦大队",
     "调阅立案侦查卷宗，立案后近二十个月无实质性侦查活动记录。", ""),
    ("passive_enforcement", MeasureType.FILE_REVIEW, "舟山市定海区人民法院执行局", "",
     "执行局以“卷宗正在归档”为由，两次拒绝提供执行卷宗供调阅，亦未说明归档完成时间。"),
    ("illegal_evidence", MeasureType.EVIDENCE, "执法办案中心", "调取讯问同步录音录像，显示连续讯问十四小时。", ""),
    ("farmland", MeasureType.INSPECTION, "定海区某街道涉案地块", "现场勘验：硬化面积约九亩，建有堆场。", ""),
]

#: Who approves the instruments of a handler's department.
APPROVER_OF = {"dh.procurator": "dh.approver", "dh.pil": "dh.chief", "pt.procurator": "pt.approver"}


# --- Summary ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class DemoLogin:
    username: str
    display_name: str
    role: str
    role_label: str
    unit: str


@dataclass
class DemoSummary:
    created: bool
    today: datetime.date
    password: str = PASSWORD
    logins: list[DemoLogin] = field(default_factory=list)
    cases: int = 0
    cases_by_kind: dict[str, int] = field(default_factory=dict)
    instruments_by_status: dict[str, int] = field(default_factory=dict)
    due_today: int = 0
    due_within_7_days: int = 0
    overdue: int = 0
    notifications: int = 0
    seconds: float = 0.0


def build_summary(*, created: bool, today: datetime.date, seconds: float = 0.0) -> DemoSummary:
    """What the database holds now: logins of the demo accounts, cases, instruments."""
    summary = DemoSummary(created=created, today=today, seconds=seconds)
    users = {u.username: u for u in User.objects.filter(username__in=[a[0] for a in ACCOUNTS])
             .select_related("procuratorate", "department", "agency")}
    with override("zh-hans"):
        for username, *_ in ACCOUNTS:
            user = users.get(username)
            if user is not None:
                summary.logins.append(DemoLogin(username, user.display_name, user.role,
                                                str(Role(user.role).label), unit_of(user)))
        kinds = {k.pk: k.name for k in SupervisionKind.objects.all()}
    counts = Counter(SupervisionCase.objects.values_list("kind_id", flat=True))
    summary.cases = sum(counts.values())
    summary.cases_by_kind = {name: counts.get(pk, 0) for pk, name in kinds.items()}
    by_status = Counter(Recommendation.objects.values_list("status", flat=True))
    summary.instruments_by_status = {s.value: by_status.get(s.value, 0) for s in InstrumentStatus}
    awaiting = Recommendation.objects.filter(status=InstrumentStatus.AWAITING_REPLY,
                                             due_date__isnull=False)
    summary.due_today = awaiting.filter(due_date=today).count()
    summary.due_within_7_days = awaiting.filter(
        due_date__gt=today, due_date__lte=today + datetime.timedelta(days=7)).count()
    summary.overdue = awaiting.filter(due_date__lt=today).count()
    summary.notifications = Notification.objects.count()
    return summary


def unit_of(user: User) -> str:
    """The unit shown next to a login: agency for liaisons, else procuratorate and department."""
    if user.agency_id:
        return user.agency.name
    if user.procuratorate_id:
        unit = user.procuratorate.name
        return f"{unit} {user.department.name}" if user.department_id else unit
    return "—"


# --- Loading ---------------------------------------------------------------------------------

def load_demo_world(today: datetime.date | None = None, *,
                    stdout: TextIO | None = None) -> DemoSummary:
    """Build the demo world of DEMO.md as of ``today`` (default: the local date), or do
    nothing if it exists already. Returns the summary either way."""
    started = time.monotonic()
    today = today or timezone.localdate()
    if today > timezone.localdate():
        raise ValueError(f"today ({today}) cannot lie after the current date "
                         f"({timezone.localdate()}): the services refuse future dates")

    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message + "\n")

    if Procuratorate.objects.filter(name=MARKER_PROCURATORATE).exists():
        say("演示数据已存在，未作任何修改。")
        return build_summary(created=False, today=today)
    with transaction.atomic():
        builder = _Builder(today, say)
        builder.organisation()
        builder.accounts()
        builder.work()
        builder.lifecycle()
        builder.case_file()
        builder.notify()
    return build_summary(created=True, today=today, seconds=time.monotonic() - started)


class _Builder:
    def __init__(self, today: datetime.date, say) -> None:
        self.today = today
        self.say = say
        self.rng = random.Random(SEED)
        #: Its own stream for parties' ID numbers, so adding them changed nothing else.
        self.file_rng = random.Random(SEED + 1)
        self.calendar = LegalCalendar.load(today - datetime.timedelta(days=500),
                                           today + datetime.timedelta(days=200))
        self.procuratorates: dict[str, Procuratorate] = {}
        self.departments: dict[tuple[str, str], Department] = {}
        self.agencies: dict[str, Agency] = {}
        self.users: dict[str, User] = {}

    # Organisation, agencies and accounts: plain ORM (no services for them yet).

    def organisation(self) -> None:
        for name, short_name, level, parent in PROCURATORATES:
            self.procuratorates[short_name] = Procuratorate.objects.create(
                name=name, short_name=short_name, level=level,
                parent=self.procuratorates[parent] if parent else None)
        for short_name, rows in DEPARTMENTS.items():
            for name, code in rows:
                self.departments[short_name, name] = Department.objects.create(
                    procuratorate=self.procuratorates[short_name], name=name, code=code)
        for key, (name, agency_type, sector, supervisor, superior) in AGENCIES.items():
            self.agencies[key] = Agency.objects.create(
                name=name, agency_type=agency_type, sector=sector,
                supervising_procuratorate=self.procuratorates[supervisor],
                superior_authority=superior)
        self.say(f"组织机构：检察院 {len(self.procuratorates)} 个，部门 {len(self.departments)} 个，"
                 f"被监督单位 {len(self.agencies)} 个")

    def accounts(self) -> None:
        password = make_password(PASSWORD)  # hashed once: PBKDF2 is slow on purpose
        for username, display_name, role, procuratorate, department, agency in ACCOUNTS:
            admin = role in {Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN}
            user, _ = User.objects.update_or_create(username=username, defaults={
                "display_name": display_name, "role": role, "password": password,
                "procuratorate": self.procuratorates[procuratorate] if procuratorate else None,
                "department": (self.departments[procuratorate, department]
                               if department else None),
                "agency": self.agencies[agency] if agency else None,
                "is_staff": admin, "is_superuser": False, "is_active": True,
            })
            self.users[username] = user
            if agency:
                LiaisonMembership.objects.update_or_create(
                    user=user, agency=self.agencies[agency],
                    defaults={"is_responsible": username in RESPONSIBLE})
        self.say(f"账号：{len(self.users)} 个，初始密码 {PASSWORD}")

    # Casework: every write through the services.

    def work(self) -> None:
        prepared = [self._prepare(index, plan) for index, plan in enumerate(PLAN)]
        # Register cases in order of acceptance and issue instruments in order of issue, so that
        # case and document numbers run in date order, as they would have in real use.
        for item in sorted(prepared, key=lambda p: (p["accepted_on"], p["index"])):
            item["case"] = self._register(item)
        pending = [(item, step) for item in prepared for step in item["steps"]]
        issued = sorted((x for x in pending if x[1]["issued_on"]),
                        key=lambda x: (x[1]["issued_on"], x[0]["index"]))
        for item, step in issued + [x for x in pending if not x[1]["issued_on"]]:
            self._instrument(item, step)
        self.say(f"案件：{len(prepared)} 件，监督文书：{len(pending)} 份")

    def _prepare(self, index: int, plan: CasePlan) -> dict:
        scenario = SCENARIOS[plan.scenario]
        agency_key = plan.agency or scenario.agency
        params = {
            "p": self.rng.choice(PERSONS), "co": self.rng.choice(COMPANIES),
            "agency": AGENCIES[agency_key][0],
            "court": COURT_CODE.get(agency_key, "浙0902"),
            "police": POLICE_PREFIX.get(agency_key, "舟定公"),
        }
        steps = []
        for position, step in enumerate(plan.steps):
            text = scenario.instruments[position]
            if step.state == R and not text.reply:
                raise ValueError(f"{plan.scenario}: instrument {position} has no reply text")
            steps.append(self._dates(step, text) | {"step": step, "text": text})
        dates = [s["issued_on"] for s in steps if s["issued_on"]]
        if dates:
            accepted_on = self._workday_before(min(dates) - datetime.timedelta(
                days=self.rng.randint(12, 45)))
        else:
            accepted_on = self._workday_before(
                self.today - datetime.timedelta(days=self.rng.randint(3, 70)))
        params["y"] = accepted_on.year - (1 if self.rng.random() < 0.5 else 0)
        params["n"] = self.rng.randint(120, 2980)
        params["ref"] = scenario.ref.format(**params) if scenario.ref else ""
        return {"index": index, "plan": plan, "scenario": scenario, "agency": agency_key,
                "params": params, "steps": steps, "accepted_on": accepted_on}

    def _dates(self, step: Step, text: Text) -> dict:
        """Issue and service dates for one step (None where the step stops before them)."""
        issued_on = served_on = None
        if step.state == "issued":
            issued_on = self._workday_before(self.today - datetime.timedelta(days=step.days))
        elif step.state in {A, R}:
            if step.state == A:
                rule = InstrumentType.objects.get(code=text.type).period_rule
                served_on = self._service_date_for(rule, self.today + datetime.timedelta(
                    days=step.days))
            else:
                served_on = self._workday_before(self.today - datetime.timedelta(days=step.days))
            issued_on = self._workday_before(
                served_on - datetime.timedelta(days=self.rng.randint(0, 4)))
        return {"issued_on": issued_on, "served_on": served_on}

    def _service_date_for(self, rule, target: datetime.date) -> datetime.date:
        """The latest service date whose computed due date is ``target``.

        Near targets (within a week of today: the reminder days) must be hit exactly, so the
        due date's distance comes first, then a working-day service date. Far targets only
        need to land in their bucket, so a working-day service date comes first, then the
        nearest due date. Where no service date reaches the target (holiday shifts), the
        nearest reachable due date is used, later rather than earlier.
        """
        near = abs((target - self.today).days) <= 7
        best = None
        day = self.today
        earliest = self.today - datetime.timedelta(days=450)
        while day >= earliest:
            due = compute_due_date(rule, day, calendar=self.calendar).due_date
            distance = (abs((due - target).days), 0 if due >= target else 1)
            weekend = 0 if self.calendar.is_workday(day) else 1
            score = (*distance, weekend) if near else (weekend, *distance)
            if best is None or score < best[0]:
                best = (score, day)
                if score == (0, 0, 0):
                    break
            day -= datetime.timedelta(days=1)
        return best[1]

    def _workday_before(self, day: datetime.date) -> datetime.date:
        """``day`` or the last working day before it."""
        while not self.calendar.is_workday(day):
            day -= datetime.timedelta(days=1)
        return day

    def _register(self, item: dict) -> SupervisionCase:
        plan, scenario, params = item["plan"], item["scenario"], item["params"]
        kind, (parent, leaf) = scenario.kind, scenario.matter
        matter = Matter.objects.get(kind__code=kind, parent__name=parent, name=leaf) if parent \
            else Matter.objects.get(kind__code=kind, parent__isnull=True, name=leaf)
        return case_register(
            actor=self.users[plan.handler], matter=matter, agency=self.agencies[item["agency"]],
            title=scenario.title.format(**params), summary=scenario.summary.format(**params),
            clue_source=scenario.clue_source,
            related_numbers=[RelatedNumberInput(params["ref"], _number_kind(self.agencies[item["agency"]]))]
            if params["ref"] else [],
            juvenile=scenario.juvenile, accepted_on=item["accepted_on"],
            assistant=self.users[plan.assistant] if plan.assistant else None,
            parties=self._parties(scenario, params),
        )

    def _parties(self, scenario: Scenario, params: dict) -> list[PartyInput]:
        """The person ({p}) and company ({co}) a scenario names, with valid (made-up) ID numbers
        from their own random stream, so the rest of the world stays as it was."""
        text = scenario.title + scenario.summary
        applicant = scenario.clue_source in {ClueSource.PARTY_APPLICATION, ClueSource.COMPLAINT}
        parties = []
        if "{p}" in text:
            parties.append(PartyInput(params["p"], PartyKind.PERSON,
                                      PartyRole.APPLICANT if applicant else PartyRole.OTHER,
                                      self._resident_id()))
        if "{co}" in text:
            parties.append(PartyInput(params["co"], PartyKind.ORGANISATION, PartyRole.OTHER,
                                      self._credit_code()))
        return parties

    def _resident_id(self) -> str:
        born = datetime.date(1960, 1, 1) + datetime.timedelta(days=self.file_rng.randint(0, 15000))
        first17 = f"330902{born:%Y%m%d}{self.file_rng.randint(0, 999):03d}"
        return first17 + resident_id_check_char(first17)

    def _credit_code(self) -> str:
        body = "".join(self.file_rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
        first17 = f"91330902{body}"
        return first17 + uscc_check_char(first17)

    # The case file: measures (one refused), files, a clue transfer, an interference record.

    def case_file(self) -> None:
        cases = list(SupervisionCase.objects.select_related("agency", "handler").order_by("pk"))
        count = 0
        for scenario_key, measure_type, target, result, refusal in CASE_FILE_MEASURES:
            scenario = SCENARIOS[scenario_key]
            case = next(c for c in cases if c.agency_id == self.agencies[scenario.agency].pk
                        and _matches(scenario.title, c.title))
            taken_on = min(case.accepted_on + datetime.timedelta(days=5), self.today)
            case_services.measure_record(
                actor=case.handler, case=case, measure_type=measure_type, taken_on=taken_on,
                target=target, agency=case.agency, result=result, refused=bool(refusal),
                refusal_note=refusal,
                files=[SimpleUploadedFile(f"{MeasureType(measure_type).label}笔录.pdf",
                                          tiny_pdf(f"measure {case.number}"))])
            count += 1
            if scenario_key == "illegal_evidence":
                case_services.clue_transfer_create(
                    actor=case.handler, case=case,
                    recipient_kind=TransferRecipient.SUPERVISORY_COMMISSION,
                    recipient="舟山市普陀区监察委员会",
                    clue="办案民警在讯问中连续十余小时疲劳讯问、笔录复制粘贴，涉嫌滥用职权的线索。",
                    letter_number="普检一移〔%d〕1号" % taken_on.year, transferred_on=taken_on)
            if scenario_key == "long_pending":
                case_services.attachment_add(
                    actor=case.handler, case=case, description="涉案企业账户冻结情况截图",
                    upload=SimpleUploadedFile("冻结情况.png", tiny_png()))
                case_services.interference_record_create(
                    actor=case.handler, case=case, occurred_on=taken_on, intervener="某某",
                    intervener_post="某区某局副局长", manner=InterferenceManner.PHONE,
                    content="来电询问该案办理进度，并提出“企业是纳税大户，请检察院关照”。承办检察官告知依法办理，"
                            "并按规定如实记录。")
        self.say(f"调查核实：{count} 项（含拒不配合 1 项），线索移送 1 件，过问干预记录 1 条")

    def _instrument(self, item: dict, step: dict) -> Recommendation:
        case, params, text = item["case"], item["params"], step["text"]
        state = step["step"].state
        handler = case.handler
        # The assistant drafts some of the cases assigned to them.
        drafter = case.assistant if case.assistant and self.rng.random() < 0.5 else handler
        approver = self.users[APPROVER_OF[item["plan"].handler]]
        rec = rec_services.recommendation_draft(
            actor=drafter, case=case, instrument_type=InstrumentType.objects.get(code=text.type),
            agency=case.agency, title=text.title.format(**params),
            facts=text.facts.format(**params), problems=text.problems.format(**params),
            legal_basis=text.legal_basis.format(**params), body=text.body.format(**params))
        if state == "draft":
            return rec
        rec = rec_services.recommendation_submit(actor=drafter, recommendation=rec)
        if state == "returned":
            return rec_services.recommendation_return(
                actor=approver, recommendation=rec, reason=self.rng.choice(RETURN_REASONS))
        if state == "pending":
            return rec
        rec = rec_services.recommendation_approve(actor=approver, recommendation=rec)
        if state == "approved":
            return rec
        rec = rec_services.recommendation_issue(actor=approver, recommendation=rec,
                                                issued_on=step["issued_on"])
        if state == "issued":
            return rec
        served_on = step["served_on"]
        method = (ServiceMethod.DIRECT if self.calendar.is_workday(served_on)
                  and self.rng.random() < 0.75 else
                  ServiceMethod.ELECTRONIC if self.rng.random() < 0.6 else ServiceMethod.MAIL)
        rec = rec_services.recommendation_serve(actor=handler, recommendation=rec,
                                                served_on=served_on, method=method)
        if state == R:
            liaison = rec.agency.liaisons.filter(is_active=True).order_by("pk").first()
            reply = rec_services.reply_submit(actor=liaison, recommendation=rec,
                                              content=text.reply.format(**params),
                                              measures=text.measures.format(**params))
            self._backdate(reply, rec, late=step["step"].late)
            rec.refresh_from_db()
        return rec

    def lifecycle(self) -> None:
        """Instruments in the states issue 6 added, each reached through the services: closed
        after evaluation, rectification pending (回头看), follow-up after 不采纳, under review
        (异议), withdrawn (异议成立), extended, overdue and urged with 跟进监督 asked of 舟检,
        voided, and a similar-case recommendation (类案) to two agencies."""
        from recommendations.services import extensions as rec_extensions
        from recommendations.choices import EvaluationOutcome as O, FollowUpKind, ReviewKind

        chief = User.objects.get(username="dh.chief")
        cases = list(SupervisionCase.objects.filter(
            procuratorate__short_name="定检", status="supervising",
            agency__agency_type=AgencyType.COURT).select_related("handler", "agency")
            .order_by("pk"))
        if not cases:
            return
        case = cases[0]
        handler = case.handler
        liaison = case.agency.liaisons.filter(is_active=True).order_by("pk").first()
        kind = InstrumentType.objects.get(code="recommendation")
        day = datetime.timedelta(days=1)

        def served(title: str, days_ago: int) -> Recommendation:
            rec = rec_services.recommendation_draft(
                actor=handler, case=case, instrument_type=kind, agency=case.agency, title=title,
                case_source=f"本院在办理{case.number}一案中发现。", facts="经调阅卷宗查明。",
                problems="存在程序违法情形。", legal_basis="《中华人民共和国民事诉讼法》。",
                body="一、依法纠正；二、健全制度；三、开展培训。")
            rec_services.recommendation_submit(actor=handler, recommendation=rec)
            rec_services.recommendation_approve(actor=chief, recommendation=rec)
            on = self.today - max(days_ago, 0) * day
            rec_services.recommendation_issue(actor=chief, recommendation=rec, issued_on=on)
            if days_ago < 0:
                return rec
            return rec_services.recommendation_serve(actor=handler, recommendation=rec,
                                                     served_on=on)

        def replied(title: str, days_ago: int) -> Recommendation:
            rec = served(title, days_ago)
            rec_services.reply_submit(actor=liaison, recommendation=rec, content="已收悉并部署整改。",
                                      measures="修订制度，开展自查。")
            return rec

        rec = replied("关于规范诉讼费退费工作的检察建议", 40)
        rec_services.recommendation_evaluate(actor=handler, recommendation=rec,
                                             outcome=O.ADOPTED_RECTIFIED)
        rec = replied("关于规范执行款发放工作的检察建议", 35)
        rec_services.recommendation_evaluate(actor=handler, recommendation=rec,
                                             outcome=O.ADOPTED_IN_PROGRESS)
        in_progress = rec
        rec = replied("关于规范财产保全工作的检察建议", 30)
        rec_services.recommendation_evaluate(actor=handler, recommendation=rec,
                                             outcome=O.NOT_ADOPTED, reasons="回复未说明整改措施。")
        rec_services.follow_up_record(actor=handler, recommendation=rec,
                                      kind=FollowUpKind.SUPERIOR_AUTHORITY, note="通报上级法院。")
        rec = served("关于规范公告送达的检察建议", 20)
        rec_services.review_request(actor=liaison, recommendation=rec, kind=ReviewKind.OBJECTION,
                                    reason="本院已穷尽其他送达方式。")
        rec = served("关于规范简易程序转换的检察建议", 25)
        request = rec_services.review_request(actor=liaison, recommendation=rec,
                                              kind=ReviewKind.OBJECTION, reason="该案已依法转换程序。")
        rec_services.review_decide(actor=chief, request=request, outcome="upheld",
                                   reason="经复核，异议成立。")
        rec = served("关于规范案件移送工作的检察建议", 50)
        rec_extensions.recommendation_extend(actor=handler, recommendation=rec, days=30,
                                             reason="该院申请，理由正当。")
        extended = rec
        rec = served("关于规范审限管理的检察建议", 150)
        rec_services.follow_up_record(actor=handler, recommendation=rec, kind=FollowUpKind.URGE,
                                      note="逾期未回复，发出催告。")
        rec_services.follow_up_record(actor=handler, recommendation=rec,
                                      kind=FollowUpKind.HIGHER_PROCURATORATE,
                                      note="催告后仍未回复，提请舟山市人民检察院跟进监督。")
        rec = served("关于规范文书送达地址确认的检察建议", -1)
        rec_services.recommendation_void(actor=chief, recommendation=rec, reason="主送单位名称有误，重新制发。")
        police = Agency.objects.get(name="舟山市公安局定海分局")
        lead = rec_services.recommendation_draft_batch(
            actor=handler, case=case, agencies=[case.agency, police], instrument_type=kind,
            title="关于规范涉企案件办理的类案检察建议", facts="多起案件存在同类问题。",
            body="一、建立台账；二、定期通报。")
        rec_services.recommendation_submit(actor=handler, recommendation=lead)
        rec_services.recommendation_approve(actor=chief, recommendation=lead)
        rec_services.recommendation_issue(actor=chief, recommendation=lead)
        rec_services.recommendation_serve(actor=handler, recommendation=lead, served_on=self.today)
        self._replies_in_progress(liaison, police, in_progress, extended, lead)
        self.say("文书流转：已评估、回头看、跟进监督、复议、延期、作废、类案各若干份")

    def _replies_in_progress(self, court_liaison: User, police: Agency, in_progress: Recommendation,
                             extended: Recommendation, lead: Recommendation) -> None:
        """Issue 8: a supplement (补充回复) to a reply under rectification, a court draft being
        written, and a police reply waiting for its responsible person's sign-off."""
        rec_services.reply_submit(
            actor=court_liaison, recommendation=in_progress, supplement=True,
            content="补充回复：执行款发放台账已建立，已完成自查 126 件，发现问题 3 件均已纠正。")
        rec_services.reply_draft_save(actor=court_liaison, recommendation=extended,
                                      content="我院已组织专题会议研究，拟于本月底前完成整改。")
        police.reply_requires_signoff = True
        police.save(update_fields=["reply_requires_signoff"])
        rec = Recommendation.objects.get(batch=lead.batch, agency=police)
        author = User.objects.get(username="police.liaison")
        rec = rec_services.recommendation_acknowledge(actor=author, recommendation=rec)
        rec_services.reply_draft_save(
            actor=author, recommendation=rec,
            content="我局已采纳，逐项整改如下。", measures="建立涉企案件台账，按月通报。",
            item_answers=[rec_services.ItemAnswerInput(item_id=item.pk, answer="adopted",
                                                       measures="已落实")
                          for item in rec.items.all()])
        rec_services.reply_draft_submit(actor=author, recommendation=rec)

    def _backdate(self, reply: Reply, rec: Recommendation, *, late: bool) -> None:
        """Give the reply the date it would have had in real use.

        ``reply_submit`` stamps the current time (``auto_now_add``) and has no parameter for
        an earlier date; without this every demo reply would be months late and the on-time
        rate meaningless. The only write outside the services, and only to this timestamp.
        """
        last = min(rec.due_date or self.today, self.today)
        if late:
            day = min(rec.due_date + datetime.timedelta(days=12), self.today)
        else:
            span = max((last - rec.served_on).days, 1)
            day = rec.served_on + datetime.timedelta(days=self.rng.randint(min(5, span), span))
        day = max(self._workday_before(day), rec.served_on)
        moment = timezone.make_aware(datetime.datetime.combine(
            day, datetime.time(self.rng.randint(9, 16), self.rng.randint(0, 59))))
        Reply.objects.filter(pk=reply.pk).update(submitted_at=moment)

    def notify(self) -> None:
        """Run the deadline sweep for ``today`` and deliver every event, so the bell rings."""
        sweep_deadlines(self.today)
        delivered = 0
        while ids := pending_event_ids():
            delivered += sum(deliver_event(pk) for pk in ids)
        self.say(f"期限提醒：投递事件 {delivered} 个")


def _number_kind(agency: Agency) -> str:
    """The kind of a related case number follows from the agency that gave it."""
    from cases.forms import NUMBER_KIND_BY_AGENCY

    return NUMBER_KIND_BY_AGENCY.get(agency.agency_type, "other")


def _matches(template: str, title: str) -> bool:
    """Does ``title`` come from the scenario title ``template`` (placeholders filled)?"""
    import re

    pattern = re.escape(template)
    for name in ("p", "co", "agency"):
        pattern = pattern.replace(re.escape("{%s}" % name), ".+")
    return re.fullmatch(pattern, title) is not None
