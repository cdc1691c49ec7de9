"""Major-situation reports (重大情况通报, seed 004 §7): the agency reports, the procuratorate signs
for it, opens a case from it or closes it, the agency sees each answer; urgent kinds reach the
chief and the approvers at once; agency A never sees agency B's reports by any route."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from agencies.choices import AgencyType
from agencies.models import Agency, LiaisonMembership
from cases.samples import tiny_pdf
from duties.models import SituationKind, SituationReport, SituationStatus
from duties.registry import flows
from duties.selectors import situation_reports as selectors
from duties.services import situation_reports as services
from supervision.choices import Role
from supervision.models import AuditEntry, EmailDelivery, Matter, Notification, User
from supervision.services.notifications import render_message
from supervision.statemachine import TransitionNotAllowed

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=TZ)


@pytest.fixture
def detention(world):
    """舟山市看守所 (定检 supervises it) with its liaison, and 定检's chief."""
    agency = Agency.objects.create(name="舟山市看守所", agency_type=AgencyType.DETENTION,
                                   supervising_procuratorate=world.dinghai,
                                   superior_authority="舟山市公安局")
    liaison = User.objects.create_user(username="detention_liaison", password="x" * 12,
                                       role=Role.LIAISON, agency=agency)
    LiaisonMembership.objects.create(user=liaison, agency=agency)
    LiaisonMembership.objects.get_or_create(user=world.court_liaison, agency=world.court)
    User.objects.create_user(username="chief", password="x" * 12, role=Role.CHIEF,
                             procuratorate=world.dinghai)
    return agency, liaison


def file_report(liaison, kind=SituationKind.DEATH_IN_CUSTODY, **kwargs):
    defaults = {"title": "在押人员张某某在监室内死亡", "place": "舟山市看守所三号监室",
                "occurred_at": NOW - datetime.timedelta(hours=3),
                "summary": "凌晨巡查发现张某某无呼吸，经送医抢救无效死亡。",
                "measures": "保护现场，通知家属，封存监控录像。", "persons": "张某某（在押人员）"}
    with time_machine.travel(NOW, tick=False):
        return services.situation_report_file(actor=liaison, kind=kind, **{**defaults, **kwargs})


def test_a_death_in_custody_reaches_the_chief_and_approvers_at_once_by_email(world, detention):
    _, liaison = detention
    report = file_report(liaison, files=[SimpleUploadedFile("现场.pdf", tiny_pdf())])
    assert report.procuratorate == world.dinghai and report.status == SituationStatus.REPORTED
    assert report.report_delay == datetime.timedelta(hours=3)
    told = Notification.objects.filter(code="situation.reported.urgent")
    assert {n.recipient.username for n in told} == {"procurator", "approver", "chief"}
    # The chief and the approver get the e-mail now, whatever they chose.
    mailed = {n.recipient.username for n in told if EmailDelivery.objects.filter(notification=n).exists()}
    assert {"approver", "chief"} <= mailed
    assert not Notification.objects.filter(recipient__in=[world.pt_procurator, world.assistant,
                                                          world.supervisor]).exists()
    text = render_message("situation.reported.urgent", told.first().params)
    assert text.startswith("【紧急】舟山市看守所") and "被监管人死亡" in text
    assert report.files.count() == 1
    assert AuditEntry.objects.filter(action="situation_report_file", target_id=str(report.pk)).exists()


def test_an_ordinary_report_tells_the_procurators_only(world, detention):
    _, liaison = detention
    file_report(liaison, kind=SituationKind.SAFETY_ACCIDENT, title="监区厨房起火")
    told = Notification.objects.filter(code__startswith="situation.reported")
    assert {(n.code, n.recipient.username) for n in told} == {("situation.reported", "procurator")}


def test_only_a_liaison_reports_and_bad_input_is_told_in_words(world, detention):
    _, liaison = detention
    with pytest.raises(PermissionDenied):
        file_report(world.procurator)
    with pytest.raises(ValidationError) as exc:
        file_report(liaison, occurred_at=NOW + datetime.timedelta(hours=1))
    assert exc.value.message_dict["occurred_at"] == ["发生时间不能晚于现在。"]
    with pytest.raises(ValidationError) as exc:
        file_report(liaison, kind="flood")
    assert "kind" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        file_report(liaison, measures="  ")
    assert exc.value.message_dict["measures"] == ["请填写已采取的处置措施。"]
    with pytest.raises(ValidationError) as exc:
        file_report(liaison, files=[SimpleUploadedFile("a.exe", b"MZ\x90\x00" * 100)])
    assert "files" in exc.value.message_dict
    assert not SituationReport.objects.exists()


def test_end_to_end_acknowledge_supplement_open_case(world, detention):
    agency, liaison = detention
    report = file_report(liaison, files=[SimpleUploadedFile("现场.pdf", tiny_pdf())])
    with time_machine.travel(NOW + datetime.timedelta(hours=1), tick=False):
        report = services.situation_report_acknowledge(actor=world.procurator, report=report,
                                                       instruction="请于三日内续报尸检结果。")
    assert report.status == SituationStatus.ACKNOWLEDGED and report.acknowledged_by == world.procurator
    told = Notification.objects.get(recipient=liaison, code="situation.acknowledged.instruction")
    assert "请于三日内续报尸检结果" in render_message(told.code, told.params)
    assert told.link == reverse("portal:situation-report", args=[report.pk])
    with pytest.raises(TransitionNotAllowed):
        services.situation_report_acknowledge(actor=world.approver, report=report)

    services.situation_report_supplement(actor=liaison, report=report, content="尸检结论：心源性猝死。",
                                         files=[SimpleUploadedFile("尸检.pdf", tiny_pdf())])
    assert Notification.objects.filter(code="situation.supplemented", recipient=world.procurator).exists()
    with pytest.raises(PermissionDenied):  # another agency's liaison
        services.situation_report_supplement(actor=world.court_liaison, report=report, content="x")

    matter = selectors.suggested_matter(report)
    assert matter.name == "在押人员非正常死亡" and matter.parent.name == "刑事执行监督"
    with time_machine.travel(NOW + datetime.timedelta(days=1), tick=False):
        case = services.situation_report_open_case(actor=world.procurator, report=report,
                                                   matter=matter)
    report.refresh_from_db()
    assert report.status == SituationStatus.CASE_OPENED and report.case == case
    assert case.agency == agency and case.matter == matter and case.handler == world.procurator
    assert case.title == report.title and "心源性" not in case.summary and "封存监控录像" in case.summary
    assert case.attachments.count() == 2  # the report's file and the supplement's
    assert list(case.situation_reports.all()) == [report]
    told = Notification.objects.get(recipient=liaison, code="situation.case_opened")
    assert case.number in render_message(told.code, told.params)
    with pytest.raises(TransitionNotAllowed):
        services.situation_report_close(actor=world.procurator, report=report, note="x")
    # A supplement still reaches the procuratorate, and the handling procurator.
    services.situation_report_supplement(actor=liaison, report=report, content="家属已到场。")
    assert report.supplements.count() == 2


def test_close_with_a_note_signs_for_it_too(world, detention):
    _, liaison = detention
    report = file_report(liaison, kind=SituationKind.OTHER, title="监区停电两小时")
    with pytest.raises(ValidationError) as exc:
        services.situation_report_close(actor=world.approver, report=report, note=" ")
    assert exc.value.message_dict["note"] == ["请填写办结说明。"]
    report = services.situation_report_close(actor=world.approver, report=report,
                                             note="已恢复供电，未影响监管安全，无需立案。")
    assert report.status == SituationStatus.CLOSED and report.acknowledged_at is not None
    assert Notification.objects.filter(recipient=liaison, code="situation.closed").exists()
    with pytest.raises(TransitionNotAllowed):
        services.situation_report_supplement(actor=liaison, report=report, content="补充")


def test_who_acts_for_the_procuratorate(world, detention):
    _, liaison = detention
    report = file_report(liaison)
    for outsider in (world.pt_procurator, world.supervisor, world.assistant, world.court_liaison):
        with pytest.raises(PermissionDenied):
            services.situation_report_acknowledge(actor=outsider, report=report)
    with pytest.raises(PermissionDenied):
        services.situation_report_supplement(actor=world.procurator, report=report, content="x")


def test_suggested_matters_follow_the_kind_and_the_agency(world, detention):
    _agency, liaison = detention
    escape = file_report(liaison, kind=SituationKind.ESCAPE, title="在押人员脱逃")
    assert selectors.suggested_matter(escape).name == "监管活动违法"
    incident = file_report(world.police_liaison, kind=SituationKind.MASS_INCIDENT, title="执法现场聚集")
    assert selectors.suggested_matter(incident).name == "行政违法行为监督"
    accident = file_report(world.police_liaison, kind=SituationKind.SAFETY_ACCIDENT, title="执法车辆事故")
    assert selectors.suggested_matter(accident).name == "安全生产"
    other = file_report(liaison, kind=SituationKind.OTHER, title="其他")
    assert selectors.suggested_matter(other) is None
    assert Matter.objects.filter(name="监管活动违法", children__isnull=True).count() == 1


def test_agency_a_never_sees_agency_b_by_any_route(world, detention):
    """The detention centre's report: the court's liaison gets 404 on every page, download and
    API route, and an empty list; staff of another procuratorate likewise."""
    _, liaison = detention
    report = file_report(liaison, files=[SimpleUploadedFile("现场.pdf", tiny_pdf())])
    file_pk = report.files.get().pk
    urls = [reverse("portal:situation-report", args=[report.pk]),
            reverse("portal:situation-report-file", args=[report.pk, file_pk]),
            reverse("api-situation-report-detail", args=[report.pk]),
            reverse("api-situation-report-file", args=[report.pk, file_pk])]
    staff_urls = [reverse("duties:situation-report", args=[report.pk]),
                  reverse("duties:situation-report-file", args=[report.pk, file_pk]),
                  reverse("duties:situation-report-open-case", args=[report.pk]),
                  reverse("api-situation-report-detail", args=[report.pk])]
    own = Client()
    own.force_login(liaison)
    assert [own.get(u).status_code for u in urls] == [200] * 4
    for outsider, routes in ((world.court_liaison, urls), (world.pt_procurator, staff_urls)):
        client = Client()
        client.force_login(outsider)
        assert [client.get(u).status_code for u in routes] == [404] * 4, outsider
        assert client.get(reverse("api-situation-report-list")).json()["count"] == 0
        assert client.post(reverse("api-situation-report-supplement", args=[report.pk]),
                           {"content": "x"}).status_code == 404
    court = Client()
    court.force_login(world.court_liaison)
    page = court.get(reverse("portal:situation-reports")).content.decode()
    assert report.title not in page
    # Serving the detention centre too but acting for the court: the page offers the switch
    # (portal.views.switching) and shows nothing of the report until then.
    LiaisonMembership.objects.create(user=world.court_liaison, agency=report.agency)
    offer = court.get(urls[0]).content.decode()
    assert 'data-testid="switch-agency"' in offer and report.title not in offer
    assert court.get(urls[1]).status_code == 404  # a file is never offered: still the court's


def test_the_flow_is_registered_with_its_figures(world, detention):
    _, liaison = detention
    report = file_report(liaison)
    services.situation_report_open_case(actor=world.procurator, report=report,
                                        matter=selectors.suggested_matter(report))
    file_report(liaison, kind=SituationKind.OTHER, title="其他情况")
    flow = next(f for f in flows() if f.key == "situation_reports")
    assert flow.staff_pending(world.procurator).count() == 1
    assert flow.staff_pending(world.court_liaison).count() == 0
    day = NOW.date()
    figures = {f.code: f.rows(day, day).count() for f in flow.figures}
    today = datetime.date.today()
    figures_today = {f.code: f.rows(today, today).count() for f in flow.figures}
    assert figures["situation_reports_filed"] == 2 and figures["situation_reports_urgent"] == 1
    assert figures_today["situation_reports_cases"] == 1
    assert figures_today["situation_reports_acknowledged"] == 1
    counts = selectors.counts(SituationReport.objects.all())
    assert counts["total"] == 2
    assert {k: n for k, _label, n in counts["kind"]}["death_in_custody"] == 1


def test_the_case_links_back_to_the_report_on_its_timeline(world, detention):
    _, liaison = detention
    report = file_report(liaison)
    services.situation_report_acknowledge(actor=world.procurator, report=report)
    case = services.situation_report_open_case(actor=world.procurator, report=report,
                                               matter=selectors.suggested_matter(report))
    page = _client(world.procurator).get(case.get_absolute_url()).content.decode()
    assert f'<a href="{report.get_absolute_url()}">舟山市看守所：{report.title}</a>' in page
    assert "被监督单位报送重大情况通报" in page and "签收重大情况通报" in page


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
