"""The demo world's 检务公开 (publication/): one typical case and one statistics release of
定检 published, and one typical case waiting for approval — so that ``./dev up`` shows the
public page at /public/ and gives dh.approver something to review. Through the services, as
real use would: dh.procurator proposes, dh.chief approves."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from cases.choices import CaseStatus, PartyKind
from cases.models import SupervisionCase
from publication import services
from supervision.models import User

#: The texts the procurator writes; ``{p}`` is the case's person, ``{agency}`` its agency.
#: The proposer's text names the applicant and gives a telephone number and an address, as a
#: first draft would: the review page shows them removed beside the original.
PUBLISHED = {
    "title": "督促依法规范办案程序检察监督案",
    "summary": ("申请人{p}（联系电话13905801234，住舟山市定海区人民北路18号2单元301室）向本院反映，"
                "{agency}在办理其案件过程中存在程序违法情形。本院依法受理后，调阅案卷、询问有关人员，"
                "查明该单位存在未依法告知、超期办理等问题。"),
    "achieved": ("本院依法向{agency}制发检察建议。该单位书面回复全部采纳，对相关人员进行了批评教育，"
                 "并完善了内部审核和期限提醒制度。"),
    "significance": ("检察机关通过调查核实查明违法事实，以检察建议督促被监督单位整改，"
                     "并跟踪问效，推动从个案纠正到类案治理。"),
}
WAITING = {
    "title": "推动落实未成年人保护职责检察监督案",
    "summary": ("本院在履职中发现，辖区部分场所违规接纳未成年人，{agency}监管不到位。"
                "申请人{p}反映后，本院开展调查核实。"),
    "achieved": "本院制发检察建议，相关单位已开展专项检查。",
    "significance": "",
}


def _source_cases(procurator: User) -> list[SupervisionCase]:
    """定检's cases handled by the procurator: closed ones first, then the newest."""
    cases = list(SupervisionCase.objects.filter(handler=procurator)
                 .select_related("agency").prefetch_related("parties")
                 .order_by("-accepted_on", "-pk"))
    return sorted(cases, key=lambda c: c.status != CaseStatus.CLOSED)


def _texts(texts: dict, case: SupervisionCase) -> dict:
    person = next((p.name for p in case.parties.all() if p.kind == PartyKind.PERSON), "某某")
    return {k: v.format(p=person, agency=case.agency.name) for k, v in texts.items()}


def seed_publication(users: dict[str, User], today: datetime.date,
                     say: Callable[[str], None]) -> None:
    procurator, chief = users["dh.procurator"], users["dh.chief"]
    cases = _source_cases(procurator)
    if not cases:
        return
    published = services.typical_case_approve(actor=chief, typical_case=services.typical_case_propose(
        actor=procurator, case=cases[0], **_texts(PUBLISHED, cases[0])))
    waiting_case = cases[1] if len(cases) > 1 else cases[0]
    services.typical_case_propose(actor=procurator, case=waiting_case,
                                  **_texts(WAITING, waiting_case))
    year = today.year - 1
    release = services.statistics_release_approve(
        actor=chief, release=services.statistics_release_propose(
            actor=procurator, start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31),
            title=f"舟山市定海区人民检察院{year}年法律监督工作数据",
            note="数据范围为本院受理和办理的法律监督案件及制发的监督文书，统计口径见各项指标说明。"))
    say(f"检务公开：典型案例 1 件已公开（{published.published_title}）、1 件待审批，"
        f"{release.title} 已公开")
