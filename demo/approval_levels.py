"""Approval by level and preservation suggestions in the demo world (issue 18).

``through_the_chain`` takes an instrument the department head has approved the rest of its way
— the chief approves, and for a type decided by the procuratorial committee (再审检察建议, 抗诉书)
the chief records the committee's consent — so the scenarios' 再审检察建议 are issued as in real
use. ``build`` adds what ``./dev up`` should show: one 再审检察建议 waiting for the committee
(in dh.chief's 待我审批) and one 财产保全建议 served on the court, its 48-hour period running.
Through the services, as real use would."""

from __future__ import annotations

import datetime

from cases.choices import FINISHED_STATUSES
from cases.models import SupervisionCase
from recommendations import services
from recommendations.choices import ApprovalLevel, InstrumentStatus
from recommendations.models import InstrumentType, Recommendation
from supervision.choices import Role
from supervision.models import User

#: The committee meets on Thursdays in the demo; its meetings are numbered in the year.
SESSION = 14


def _chief(rec: Recommendation) -> User:
    return User.objects.get(role=Role.CHIEF, procuratorate=rec.case.procuratorate_id,
                            is_active=True)


def through_the_chain(rec: Recommendation, on: datetime.date) -> Recommendation:
    """The rest of ``rec``'s approval chain after the department head, decided on ``on``:
    the chief's approval and the committee's consent where its type needs them."""
    if rec.status != InstrumentStatus.PENDING_APPROVAL:
        return rec
    chief = _chief(rec)
    if rec.approval_stage == ApprovalLevel.CHIEF:
        rec = services.recommendation_approve(actor=chief, recommendation=rec,
                                              opinion="同意，提请检察委员会讨论。")
    if rec.approval_stage == ApprovalLevel.COMMITTEE:
        services.committee_decision_record(
            actor=chief, recommendation=rec, meeting_on=on, session_number=SESSION,
            decision="agree", summary="到会委员十一人，经讨论一致同意提出再审检察建议。",
            minutes_reference=f"{rec.case.procuratorate.short_name}委纪〔{on.year}〕{SESSION}号")
        rec.refresh_from_db()
    return rec


def _open_case(builder, matter_name: str) -> SupervisionCase | None:
    """An open civil case of dh.procurator against a court (the retrial scenario's first)."""
    return (SupervisionCase.objects.filter(
        handler=builder.users["dh.procurator"], agency__agency_type="court",
        kind__code="civil").exclude(status__in=FINISHED_STATUSES)
        .filter(matter__name=matter_name).select_related("agency").order_by("pk").first()
        or SupervisionCase.objects.filter(
            handler=builder.users["dh.procurator"], agency__agency_type="court")
        .exclude(status__in=FINISHED_STATUSES).select_related("agency").order_by("pk").first())


def build(builder) -> None:
    """One 再审检察建议 waiting for the committee; one 财产保全建议 served on the court."""
    procurator, head = builder.users["dh.procurator"], builder.users["dh.approver"]
    case = _open_case(builder, "再审检察建议")
    if case is None:
        return
    retrial = services.recommendation_draft(
        actor=procurator, case=case,
        instrument_type=InstrumentType.objects.get(code="retrial_recommendation"),
        agency=case.agency, title="关于某民间借贷纠纷调解书损害国家利益的再审检察建议",
        facts="经调取资金流水，调解书确认的债务系循环转账形成。",
        legal_basis="《中华人民共和国民事诉讼法》第二百一十九条。",
        body="建议贵院对该调解书依法再审。")
    services.recommendation_submit(actor=procurator, recommendation=retrial)
    retrial = services.recommendation_approve(actor=head, recommendation=retrial,
                                              opinion="事实清楚，拟同意，报检察长审批。")
    services.recommendation_approve(actor=_chief(retrial), recommendation=retrial,
                                    opinion="同意，提请检察委员会讨论。")
    preservation = services.recommendation_draft(
        actor=procurator, case=case,
        instrument_type=InstrumentType.objects.get(code="property_preservation_recommendation"),
        agency=case.agency, title="关于对被执行人名下房产采取财产保全措施的建议",
        facts="被申请人正在办理其名下唯一房产的过户手续。",
        legal_basis="《中华人民共和国民事诉讼法》第一百零三条。",
        body="建议贵院依法对被申请人名下房产采取查封措施。",
        urgency_reason="被申请人正在办理其名下唯一房产的过户手续，财产可能被转移")
    services.recommendation_submit(actor=procurator, recommendation=preservation)
    services.recommendation_approve(actor=head, recommendation=preservation)
    served_on = builder.today - datetime.timedelta(days=1)
    services.recommendation_issue(actor=head, recommendation=preservation, issued_on=served_on)
    services.recommendation_serve(actor=procurator, recommendation=preservation,
                                  served_on=served_on)
    builder.say("审批层级：再审检察建议待检察委员会讨论，财产保全建议已送达。")
