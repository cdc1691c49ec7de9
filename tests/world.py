"""A small organisation with one named persona per role, for tests across the apps.

Built from the reference data the migrations load (kinds, matters, instrument types, period
rules, the legal calendar) plus a few rows of our own; instruments go through the services.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from agencies.choices import AgencyType
from agencies.models import Agency, LiaisonMembership
from cases.models import SupervisionCase
from cases.services import case_register
from recommendations import services
from recommendations.models import InstrumentType, Recommendation
from supervision.choices import ProcuratorateLevel, Role
from supervision.models import Department, Matter, Procuratorate, User

PASSWORD = "test-pass-2026"


@dataclass
class World:
    city: Procuratorate
    dinghai: Procuratorate
    putuo: Procuratorate
    court: Agency
    police: Agency
    pt_court: Agency
    market: Agency
    procurator: User
    assistant: User
    approver: User
    pt_procurator: User
    supervisor: User
    court_liaison: User
    police_liaison: User
    pt_court_liaison: User
    observer: User
    sysadmin: User
    secadmin: User
    auditadmin: User
    matter: Matter
    recommendation_type: InstrumentType

    def register_case(self, *, actor: User | None = None, title: str = "公安机关对盗窃线索有案不立",
                      agency: Agency | None = None, **kwargs) -> SupervisionCase:
        return case_register(actor=actor or self.procurator, matter=kwargs.pop("matter", self.matter),
                             agency=agency or self.court, title=title,
                             summary=kwargs.pop("summary", "经审查，该单位存在违法情形。"), **kwargs)

    def draft(self, case: SupervisionCase | None = None, **kwargs) -> Recommendation:
        case = case or self.register_case()
        return services.recommendation_draft(
            actor=kwargs.pop("actor", case.handler), case=case,
            instrument_type=kwargs.pop("instrument_type", self.recommendation_type),
            agency=kwargs.pop("agency", case.agency), title=kwargs.pop("title", "关于规范执法的检察建议"),
            body=kwargs.pop("body", "建议贵单位依法纠正并健全制度。"), **kwargs)

    def approved(self, case: SupervisionCase | None = None, **kwargs) -> Recommendation:
        rec = self.draft(case, **kwargs)
        services.recommendation_submit(actor=rec.case.handler, recommendation=rec)
        approver = self.approver if rec.case.procuratorate_id == self.dinghai.pk else None
        rec = services.recommendation_approve(actor=approver or _approver_of(rec), recommendation=rec)
        return _through_the_chain(rec)

    def issued(self, case: SupervisionCase | None = None, *, issued_on: datetime.date | None = None,
               **kwargs) -> Recommendation:
        rec = self.approved(case, **kwargs)
        return services.recommendation_issue(actor=rec.case.handler, recommendation=rec,
                                             issued_on=issued_on)

    def served(self, served_on: datetime.date, case: SupervisionCase | None = None,
               **kwargs) -> Recommendation:
        rec = self.issued(case, issued_on=served_on, **kwargs)
        return services.recommendation_serve(actor=rec.case.handler, recommendation=rec,
                                             served_on=served_on)


def _through_the_chain(rec: Recommendation) -> Recommendation:
    """The rest of the approval chain of a type approved above the department head (抗诉书,
    再审检察建议): the procuratorate's chief approves, then records the committee's consent."""
    from django.utils import timezone

    from recommendations.choices import InstrumentStatus

    if rec.status != InstrumentStatus.PENDING_APPROVAL:
        return rec
    chief = User.objects.filter(role=Role.CHIEF, procuratorate=rec.case.procuratorate).first() or (
        _user(f"chief_{rec.case.procuratorate_id}", Role.CHIEF,
              procuratorate=rec.case.procuratorate, display_name="检察长"))
    if rec.approval_stage == "chief":
        rec = services.recommendation_approve(actor=chief, recommendation=rec)
    if rec.status == InstrumentStatus.PENDING_APPROVAL:
        services.committee_decision_record(
            actor=chief, recommendation=rec, meeting_on=timezone.localdate(), session_number=1,
            decision="agree", summary="全体委员一致同意")
        rec.refresh_from_db()
    return rec


def _approver_of(rec: Recommendation) -> User:
    return User.objects.filter(role=Role.APPROVER, procuratorate=rec.case.procuratorate).first()


def _user(username: str, role: str, **kwargs) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, role=role,
                                    display_name=kwargs.pop("display_name", username), **kwargs)
    if role == Role.LIAISON:
        LiaisonMembership.objects.create(user=user, agency=user.agency)
    return user


def build_world() -> World:
    province = Procuratorate.objects.create(name="测试省人民检察院", short_name="测检",
                                            level=ProcuratorateLevel.PROVINCIAL)
    city = Procuratorate.objects.create(name="舟山市人民检察院", short_name="舟检",
                                        level=ProcuratorateLevel.MUNICIPAL, parent=province)
    dinghai = Procuratorate.objects.create(name="舟山市定海区人民检察院", short_name="定检",
                                           level=ProcuratorateLevel.BASIC, parent=city)
    putuo = Procuratorate.objects.create(name="舟山市普陀区人民检察院", short_name="普检",
                                         level=ProcuratorateLevel.BASIC, parent=city)
    dh_first = Department.objects.create(procuratorate=dinghai, name="第一检察部", code="一")
    pt_first = Department.objects.create(procuratorate=putuo, name="第一检察部", code="一")
    case_mgmt = Department.objects.create(procuratorate=city, name="案件管理部", code="案管")
    court = Agency.objects.create(name="舟山市定海区人民法院", agency_type=AgencyType.COURT,
                                  supervising_procuratorate=dinghai, superior_authority="舟山市中级人民法院")
    police = Agency.objects.create(name="舟山市公安局定海分局", agency_type=AgencyType.POLICE,
                                   supervising_procuratorate=dinghai, superior_authority="舟山市公安局")
    pt_court = Agency.objects.create(name="舟山市普陀区人民法院", agency_type=AgencyType.COURT,
                                     supervising_procuratorate=putuo, superior_authority="舟山市中级人民法院")
    market = Agency.objects.create(name="舟山市定海区市场监督管理局", agency_type=AgencyType.ADMINISTRATIVE,
                                   supervising_procuratorate=dinghai,
                                   superior_authority="舟山市市场监督管理局")
    staff = {"procuratorate": dinghai, "department": dh_first}
    procurator = _user("procurator", Role.PROCURATOR, display_name="陈立", **staff)
    world = World(
        city=city, dinghai=dinghai, putuo=putuo, court=court, police=police, pt_court=pt_court, market=market,
        procurator=procurator,
        assistant=_user("assistant", Role.ASSISTANT, display_name="周敏", **staff),
        approver=_user("approver", Role.APPROVER, display_name="王建国", **staff),
        pt_procurator=_user("pt_procurator", Role.PROCURATOR, procuratorate=putuo, department=pt_first),
        supervisor=_user("supervisor", Role.SUPERVISOR, procuratorate=city, department=case_mgmt),
        court_liaison=_user("court_liaison", Role.LIAISON, agency=court, display_name="法院联络员"),
        police_liaison=_user("police_liaison", Role.LIAISON, agency=police),
        pt_court_liaison=_user("pt_court_liaison", Role.LIAISON, agency=pt_court),
        observer=_user("observer", Role.OBSERVER, procuratorate=dinghai),
        sysadmin=_user("sysadmin", Role.SYSADMIN, is_staff=True),
        secadmin=_user("secadmin", Role.SECADMIN, is_staff=True),
        auditadmin=_user("auditadmin", Role.AUDITADMIN, is_staff=True),
        matter=Matter.objects.filter(kind__code="criminal", children__isnull=True).first(),
        recommendation_type=InstrumentType.objects.get(code="recommendation"),
    )
    _user("pt_approver", Role.APPROVER, procuratorate=putuo, department=pt_first)
    return world
