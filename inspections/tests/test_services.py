"""Inspections end to end in the services: planning (the institution, the team, the period),
starting, findings, each finding made a case or an instrument in one step or corrected on the
spot, the rectification followed to the end, concluding and cancelling — allowed and refused
transitions, and the wrong person refused."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.choices import ClueSource
from inspections import services
from inspections.choices import Disposal, FindingStatus, InspectionStatus
from inspections.models import Finding
from inspections.selectors import period_figures
from recommendations import services as rec_services
from recommendations.choices import InstrumentStatus
from supervision.models import AuditEntry, Notification

from .conftest import TODAY, plan

pytestmark = pytest.mark.django_db


# --- planning ------------------------------------------------------------------------------

def test_a_procurator_plans_an_inspection_and_the_team_is_told(world, inspection):
    assert inspection.status == InspectionStatus.PLANNED
    assert inspection.procuratorate == world.dinghai
    assert list(inspection.members.all()) == [world.assistant]
    assert AuditEntry.objects.filter(action="inspection_plan",
                                     target_id=str(inspection.pk)).exists()
    told = Notification.objects.filter(code="inspection.team")
    assert list(told.values_list("recipient__username", flat=True)) == ["assistant"]


def test_only_places_of_custody_and_execution_are_inspected(world, clock):
    with pytest.raises(ValidationError) as exc:
        plan(world, world.court)
    assert "监狱、看守所、社区矫正机构和强制医疗所" in str(exc.value)
    assert "舟山市定海区人民法院" in str(exc.value)


def test_an_institution_another_procuratorate_supervises_is_refused(world, detention, clock):
    with pytest.raises(ValidationError, match="不由本院监督"):
        plan(world, detention, actor=world.pt_procurator,
             leader=world.pt_procurator, members=[])


def test_the_period_ends_after_it_starts(world, detention, clock):
    with pytest.raises(ValidationError, match="结束日期不能早于开始日期"):
        plan(world, detention, end_date=datetime.date(2026, 11, 1))


def test_the_leader_is_a_procurator_and_the_team_is_of_the_procuratorate(world, detention, clock):
    with pytest.raises(ValidationError, match="组长"):
        plan(world, detention, leader=world.assistant)
    with pytest.raises(ValidationError, match="检察组成员"):
        plan(world, detention, members=[world.pt_procurator])
    with pytest.raises(ValidationError, match="检察组成员"):
        plan(world, detention, members=[world.court_liaison])


def test_a_resident_inspection_is_a_daily_one(world, detention, clock):
    with pytest.raises(ValidationError, match="派驻检察"):
        plan(world, detention, kind="resident", mode="regular")
    resident = plan(world, detention, kind="resident", mode="daily", title="派驻看守所检察室日常检察")
    assert resident.get_kind_display() == "派驻检察"


def test_assistants_supervisors_and_liaisons_cannot_plan(world, detention, clock):
    for person in (world.assistant, world.supervisor, world.court_liaison, world.observer):
        with pytest.raises(PermissionDenied):
            plan(world, detention, actor=person)


def test_editing_changes_the_team_and_tells_who_joined(world, inspection, other_procurator):
    services.inspection_update(
        actor=world.procurator, inspection=inspection, kind="circuit", mode="special",
        title=inspection.title, institution=inspection.institution, leader=world.procurator,
        start_date=inspection.start_date, end_date=inspection.end_date, scope="安全防范",
        members=[world.assistant, other_procurator])
    inspection.refresh_from_db()
    assert inspection.mode == "special" and inspection.scope == "安全防范"
    assert set(inspection.members.all()) == {world.assistant, other_procurator}
    assert Notification.objects.filter(code="inspection.team", recipient=other_procurator).exists()
    entry = AuditEntry.objects.get(action="inspection_update")
    assert "members" in entry.changes and "mode" in entry.changes


def test_someone_off_the_team_cannot_edit(world, inspection, other_procurator):
    with pytest.raises(PermissionDenied):
        services.inspection_update(
            actor=other_procurator, inspection=inspection, kind="circuit", mode="regular",
            title="x", institution=inspection.institution, leader=world.procurator,
            start_date=inspection.start_date, end_date=inspection.end_date, scope="x")


# --- starting and findings -----------------------------------------------------------------

def test_the_team_starts_within_the_period(world, inspection):
    with pytest.raises(ValidationError, match="检察期间"):
        services.inspection_start(actor=world.procurator, inspection=inspection,
                                  started_on=datetime.date(2026, 11, 1))
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.inspection_start(actor=world.procurator, inspection=inspection,
                                  started_on=TODAY + datetime.timedelta(days=1))
    started = services.inspection_start(actor=world.assistant, inspection=inspection,
                                        started_on=TODAY)
    assert started.status == InspectionStatus.IN_PROGRESS
    with pytest.raises(ValidationError, match="不能开始检察"):
        services.inspection_start(actor=world.procurator, inspection=started, started_on=TODAY)


def test_findings_are_recorded_only_while_the_inspection_runs(world, inspection):
    with pytest.raises(ValidationError, match="当前状态为“计划”"):
        services.finding_add(actor=world.procurator, inspection=inspection, category="custody",
                             description="x", found_on=TODAY)


def test_findings_are_numbered_and_dated_within_the_period(world, running, finding):
    assert finding.number == 1 and finding.status == FindingStatus.PENDING
    second = services.finding_add(actor=world.procurator, inspection=running,
                                  category="security", description="监控存在盲区。",
                                  found_on=TODAY)
    assert second.number == 2
    with pytest.raises(ValidationError, match="不能早于检察开始日期"):
        services.finding_add(actor=world.procurator, inspection=running, category="custody",
                             description="x", found_on=datetime.date(2026, 11, 1))
    with pytest.raises(ValidationError, match="问题类别无效"):
        services.finding_add(actor=world.procurator, inspection=running, category="nope",
                             description="x", found_on=TODAY)


def test_an_outsider_records_no_finding(world, running, other_procurator):
    for person in (other_procurator, world.pt_procurator, world.supervisor):
        with pytest.raises(PermissionDenied):
            services.finding_add(actor=person, inspection=running, category="custody",
                                 description="x", found_on=TODAY)


def test_a_department_head_off_the_team_may_work_on_it(world, running):
    f = services.finding_add(actor=world.approver, inspection=running, category="rights",
                             description="会见室预约登记不规范。", found_on=TODAY)
    assert f.created_by == world.approver


# --- one step: a case, an instrument, an oral correction -----------------------------------

def test_a_finding_becomes_a_case_in_one_step(world, finding, custody_matter, detention):
    case = services.finding_to_case(actor=world.procurator, finding=finding,
                                    matter=custody_matter, title="舟山市看守所分押分管问题监督案")
    finding.refresh_from_db()
    assert finding.status == FindingStatus.CONVERTED and finding.disposal == Disposal.CASE
    assert finding.case == case
    assert case.agency == detention and case.matter == custody_matter
    assert case.clue_source == ClueSource.EX_OFFICIO and case.handler == world.procurator
    assert "分押分管" in case.summary
    with pytest.raises(ValidationError, match="不能转为监督案件"):
        services.finding_to_case(actor=world.procurator, finding=finding,
                                 matter=custody_matter, title="again")


def test_a_finding_becomes_an_instrument_addressed_to_the_institution(
        world, finding, custody_matter, correction_notice, detention):
    rec = services.finding_to_instrument(
        actor=world.procurator, finding=finding, matter=custody_matter,
        instrument_type=correction_notice, title="关于纠正分押分管违法问题的通知",
        body="一、立即调整监室，落实分押分管规定；二、对相关责任人员进行教育。")
    finding.refresh_from_db()
    assert finding.disposal == Disposal.INSTRUMENT and finding.recommendation == rec
    assert finding.case == rec.case
    assert rec.status == InstrumentStatus.DRAFT and rec.agency == detention
    assert rec.instrument_type == correction_notice
    assert "监室内被监管人超员关押" in rec.facts and "巡回检察" in rec.facts
    assert rec.items.count() == 2
    assert AuditEntry.objects.filter(action="finding_to_instrument").exists()
    assert AuditEntry.objects.filter(action="recommendation_draft").exists()


def test_the_conversion_is_one_transaction(world, finding, custody_matter, correction_notice):
    """A refused draft (an empty body) leaves no case behind."""
    from cases.models import SupervisionCase

    before = SupervisionCase.objects.count()
    with pytest.raises(ValidationError):
        services.finding_to_instrument(actor=world.procurator, finding=finding,
                                       matter=custody_matter, instrument_type=correction_notice,
                                       title="t", body="  ")
    assert SupervisionCase.objects.count() == before
    finding.refresh_from_db()
    assert finding.status == FindingStatus.PENDING


def test_an_instrument_the_institution_may_not_receive_is_refused(world, finding, custody_matter):
    from recommendations.models import InstrumentType

    with pytest.raises(ValidationError, match="纠正违法通知书或检察建议"):
        services.finding_to_instrument(
            actor=world.procurator, finding=finding, matter=custody_matter,
            instrument_type=InstrumentType.objects.get(code="notice_to_file"),
            title="t", body="b")


def test_an_assistant_records_but_does_not_convert(world, finding, custody_matter):
    with pytest.raises(PermissionDenied, match="检察官助理"):
        services.finding_to_case(actor=world.assistant, finding=finding,
                                 matter=custody_matter, title="t")
    oral = services.finding_correct_on_spot(actor=world.assistant, finding=finding,
                                            note="当场指出，看守所已调整监室。",
                                            corrected_on=TODAY)
    assert oral.status == FindingStatus.ORAL and oral.disposal == Disposal.ORAL


def test_the_matter_must_be_a_criminal_one(world, finding):
    from supervision.models import Matter

    civil = Matter.objects.filter(kind__code="civil", children__isnull=True).first()
    with pytest.raises(ValidationError, match="刑事检察"):
        services.finding_to_case(actor=world.procurator, finding=finding, matter=civil,
                                 title="t")


# --- rectification, to the end --------------------------------------------------------------

def test_an_oral_correction_is_followed_to_its_verification(world, finding):
    services.finding_correct_on_spot(actor=world.procurator, finding=finding,
                                     note="当场指出。", corrected_on=TODAY)
    f = services.finding_rectifying(actor=world.assistant, finding=finding,
                                    measures="看守所承诺三日内调整监室。",
                                    due=TODAY + datetime.timedelta(days=3))
    assert f.status == FindingStatus.RECTIFYING
    with pytest.raises(PermissionDenied, match="检察官助理"):
        services.finding_verify(actor=world.assistant, finding=f, rectified=True,
                                verified_on=TODAY, note="x")
    f = services.finding_verify(actor=world.procurator, finding=f, rectified=True,
                                verified_on=TODAY, note="复查监室登记，已分押分管。")
    assert f.status == FindingStatus.RECTIFIED and f.verified_by == world.procurator
    with pytest.raises(ValidationError, match="不能核查整改结果"):
        services.finding_verify(actor=world.procurator, finding=f, rectified=False,
                                verified_on=TODAY, note="x")


def test_an_instrument_finding_is_verified_once_the_instrument_is_closed(
        world, finding, custody_matter, correction_notice, detention):
    """The instrument lives its own life (approval, issue, service, reply, evaluation); the
    finding reads it, and is verified once it is closed."""
    from agencies.models import LiaisonMembership
    from supervision.choices import Role
    from supervision.models import User

    rec = services.finding_to_instrument(
        actor=world.procurator, finding=finding, matter=custody_matter,
        instrument_type=correction_notice, title="纠正违法通知书", body="一、依法纠正。")
    with pytest.raises(ValidationError, match="须待文书办结"):
        services.finding_verify(actor=world.procurator, finding=finding, rectified=True,
                                verified_on=TODAY, note="x")
    rec_services.recommendation_submit(actor=world.procurator, recommendation=rec)
    rec_services.recommendation_approve(actor=world.approver, recommendation=rec)
    rec_services.recommendation_issue(actor=world.procurator, recommendation=rec)
    rec_services.recommendation_serve(actor=world.procurator, recommendation=rec,
                                      served_on=TODAY)
    liaison = User.objects.create_user(username="kss_liaison", password="x" * 12,
                                       role=Role.LIAISON, agency=detention)
    LiaisonMembership.objects.create(user=liaison, agency=detention)
    rec_services.reply_submit(
        actor=liaison, recommendation=rec, content="已调整监室，落实分押分管。",
        item_answers=[rec_services.ItemAnswerInput(item_id=item.pk, answer="adopted")
                      for item in rec.items.all()])
    rec_services.recommendation_evaluate(actor=world.procurator, recommendation=rec,
                                         outcome="adopted_rectified")
    rec.refresh_from_db()
    assert rec.status == InstrumentStatus.CLOSED and rec.rectified is True
    f = services.finding_verify(actor=world.procurator, finding=finding, rectified=True,
                                verified_on=TODAY, note="复查监室，已分押分管。")
    assert f.status == FindingStatus.RECTIFIED


def test_a_verification_is_dated_after_the_finding(world, finding):
    services.finding_correct_on_spot(actor=world.procurator, finding=finding, note="n",
                                     corrected_on=TODAY)
    with pytest.raises(ValidationError, match="不能早于问题的发现日期"):
        services.finding_verify(actor=world.procurator, finding=finding, rectified=True,
                                verified_on=datetime.date(2026, 11, 1), note="x")


# --- concluding and cancelling -------------------------------------------------------------

def test_the_inspection_concludes_only_when_every_finding_is_dealt_with(world, finding):
    running = finding.inspection
    with pytest.raises(ValidationError, match="第1项问题尚未处理"):
        services.inspection_conclude(actor=world.procurator, inspection=running,
                                     report_summary="总体良好。", report_issued_on=TODAY)
    services.finding_correct_on_spot(actor=world.procurator, finding=finding, note="n",
                                     corrected_on=TODAY)
    with pytest.raises(PermissionDenied, match="组长"):
        services.inspection_conclude(actor=world.assistant, inspection=running,
                                     report_summary="总体良好。", report_issued_on=TODAY)
    done = services.inspection_conclude(actor=world.procurator, inspection=running,
                                        report_summary="监管秩序总体良好。",
                                        report_requests="落实分押分管。",
                                        report_issued_on=TODAY)
    assert done.status == InspectionStatus.CONCLUDED and done.concluded_by == world.procurator
    assert Notification.objects.filter(code="inspection.concluded",
                                       recipient=world.assistant).exists()
    # The rectification is still followed after the report.
    f = services.finding_verify(actor=world.procurator, finding=finding, rectified=True,
                                verified_on=TODAY, note="已整改。")
    assert f.status == FindingStatus.RECTIFIED
    # But nothing new is found, nor converted, in a concluded inspection.
    with pytest.raises(ValidationError):
        services.finding_add(actor=world.procurator, inspection=done, category="custody",
                             description="x", found_on=TODAY)


def test_the_chief_may_conclude_and_cancel(world, running, chief):
    services.inspection_cancel(actor=chief, inspection=running, reason="因疫情防控暂停进驻。")
    running.refresh_from_db()
    assert running.status == InspectionStatus.CANCELLED
    with pytest.raises(ValidationError, match="不能撤销巡回检察"):
        services.inspection_cancel(actor=chief, inspection=running, reason="again")


def test_an_inspection_whose_findings_were_dealt_with_is_not_cancelled(world, finding):
    services.finding_correct_on_spot(actor=world.procurator, finding=finding, note="n",
                                     corrected_on=TODAY)
    with pytest.raises(ValidationError, match="不能撤销"):
        services.inspection_cancel(actor=world.procurator, inspection=finding.inspection,
                                   reason="r")


def test_a_member_who_is_not_leader_cannot_cancel(world, running, other_procurator):
    with pytest.raises(PermissionDenied):
        services.inspection_cancel(actor=world.assistant, inspection=running, reason="r")
    with pytest.raises(PermissionDenied):
        services.inspection_cancel(actor=other_procurator, inspection=running, reason="r")


# --- figures -------------------------------------------------------------------------------

def test_period_figures_count_inspections_and_what_their_findings_became(
        world, finding, custody_matter, correction_notice):
    running = finding.inspection
    services.finding_to_instrument(actor=world.procurator, finding=finding,
                                   matter=custody_matter, instrument_type=correction_notice,
                                   title="t", body="一、纠正。")
    oral = services.finding_add(actor=world.procurator, inspection=running, category="security",
                                description="d", found_on=TODAY)
    services.finding_correct_on_spot(actor=world.procurator, finding=oral, note="n",
                                     corrected_on=TODAY)
    services.finding_verify(actor=world.procurator, finding=oral, rectified=True,
                            verified_on=TODAY, note="ok")
    year = (datetime.date(2026, 1, 1), TODAY)
    figures = period_figures(world.approver, *year)
    assert figures == {"inspections": 1, "concluded": 0, "findings": 2, "to_case": 0,
                       "to_instrument": 1, "oral": 1, "rectified": 1, "not_rectified": 0}
    assert period_figures(world.supervisor, *year)["findings"] == 2
    assert period_figures(world.pt_procurator, *year)["findings"] == 0
    assert period_figures(world.court_liaison, *year)["inspections"] == 0
    assert Finding.objects.count() == 2


def test_a_pending_finding_is_corrected_and_a_dealt_with_one_is_not(world, finding):
    f = services.finding_update(actor=world.assistant, finding=finding, category="rights",
                                description="会见登记不规范。", found_on=finding.found_on,
                                severity="general")
    assert f.category == "rights" and f.description == "会见登记不规范。"
    entry = AuditEntry.objects.get(action="finding_update")
    assert "category" in entry.changes
    services.finding_correct_on_spot(actor=world.procurator, finding=f, note="n",
                                     corrected_on=TODAY)
    with pytest.raises(ValidationError, match="不能修改问题"):
        services.finding_update(actor=world.procurator, finding=f, category="custody",
                                description="x", found_on=TODAY)
