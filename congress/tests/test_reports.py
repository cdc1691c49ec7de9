"""Writing, approving and releasing a report to the people's congress
(congress/services/reports.py): who may do what, the concurrent-edit refusal, the frozen
figures and the rendering bookkeeping."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from congress.models import RenderingStatus, ReportKind, ReportRendering, ReportStatus
from congress.permissions import get_report_for_user, reports_visible_to
from congress.services import opinions as opinion_services
from congress.services import reports as services
from supervision.choices import Role
from supervision.models import AuditEntry, Notification, User

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
FIGURES = {"from": "2025-01-01", "to": "2025-12-31", "as_of": "2025-12-31", "issued": 12,
           "due": 10, "previous_year": {"issued": 9}}


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def chief(world) -> User:
    return User.objects.create_user(username="chief", password="x" * 12, role=Role.CHIEF,
                                    procuratorate=world.dinghai, display_name="郑国华")


def annual(world, author=None):
    return services.report_create(actor=author or world.procurator, kind=ReportKind.ANNUAL,
                                  period_start=datetime.date(2025, 1, 1),
                                  period_end=datetime.date(2025, 12, 31))


def filled(world, author=None):
    report = annual(world, author)
    for section in report.sections.all():
        services.section_save(actor=author or world.procurator, section=section,
                              body=f"{section.heading}的内容。", seen_updated_at=section.updated_at)
    report.refresh_from_db()
    return report


def released(world, chief):
    report = filled(world)
    services.report_submit(actor=world.procurator, report=report)
    services.report_approve(actor=chief, report=report, figures=FIGURES)
    return services.report_release(actor=world.procurator, report=report)


# --- Creating --------------------------------------------------------------------------------

def test_a_new_annual_report_has_the_four_parts_of_a_work_report(world):
    report = annual(world)
    assert report.status == ReportStatus.DRAFT
    assert report.title == "舟山市定海区人民检察院关于2025年度法律监督工作情况的报告"
    headings = list(report.sections.values_list("heading", flat=True))
    assert headings == ["基本情况", "开展法律监督工作的主要做法和成效", "存在的问题和不足",
                        "下一步工作打算"]
    assert "统计表和图表" in report.sections.get(position=1).body  # the figures follow it
    assert AuditEntry.objects.filter(action="congress_report_create").count() == 1


def test_a_special_report_needs_its_subject_and_names_it(world):
    with pytest.raises(ValidationError) as refused:
        services.report_create(actor=world.procurator, kind=ReportKind.SPECIAL,
                               period_start=datetime.date(2025, 1, 1),
                               period_end=datetime.date(2025, 12, 31))
    assert "subject" in refused.value.message_dict
    report = services.report_create(actor=world.procurator, kind=ReportKind.SPECIAL,
                                    subject="行政检察工作", period_start=datetime.date(2025, 1, 1),
                                    period_end=datetime.date(2025, 12, 31))
    assert report.title == "舟山市定海区人民检察院关于行政检察工作情况的专项报告"
    assert report.sections.get(position=1).heading == "行政检察工作基本情况"


@pytest.mark.parametrize("persona", ["assistant", "observer", "court_liaison", "sysadmin"])
def test_only_the_procuratorates_writers_create_reports(world, persona):
    with pytest.raises(PermissionDenied):
        annual(world, getattr(world, persona))


# --- The workflow ----------------------------------------------------------------------------

def test_submit_asks_for_every_part_then_the_chief_is_asked_to_approve(world, chief):
    report = annual(world)
    with pytest.raises(ValidationError, match="存在的问题和不足"):
        services.report_submit(actor=world.procurator, report=report)
    report = filled(world)
    services.report_submit(actor=world.procurator, report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    note = Notification.objects.get(recipient=chief)
    assert note.code == "report.approval_requested" and report.title in note.message
    assert note.link == report.get_absolute_url()


def test_the_author_and_other_staff_cannot_approve_only_the_chief(world, chief):
    report = filled(world)
    services.report_submit(actor=world.procurator, report=report)
    for someone in (world.procurator, world.approver, world.supervisor, world.pt_procurator):
        with pytest.raises(PermissionDenied):
            services.report_approve(actor=someone, report=report, figures=FIGURES)
    # the chief's own report: someone else must approve it
    own = filled(world, author=chief)
    services.report_submit(actor=chief, report=own)
    with pytest.raises(PermissionDenied, match="起草人不能审批"):
        services.report_approve(actor=chief, report=own, figures=FIGURES)


def test_returned_with_a_reason_the_report_is_editable_again(world, chief):
    report = filled(world)
    services.report_submit(actor=world.procurator, report=report)
    with pytest.raises(ValidationError):
        services.report_return(actor=chief, report=report, reason=" ")
    services.report_return(actor=chief, report=report, reason="请补充公益诉讼的数据分析")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED and report.editable
    note = Notification.objects.get(recipient=world.procurator, code="report.returned")
    assert "请补充公益诉讼的数据分析" in note.message
    section = report.sections.first()
    services.section_save(actor=world.procurator, section=section, body="补充后的内容",
                          seen_updated_at=section.updated_at)
    services.report_submit(actor=world.procurator, report=report)


def test_approval_freezes_the_figures_it_is_given_and_release_records_the_day(world, chief):
    report = filled(world)
    services.report_submit(actor=world.procurator, report=report)
    with pytest.raises(ValidationError):
        services.report_release(actor=world.procurator, report=report)  # not approved yet
    services.report_approve(actor=chief, report=report, figures=FIGURES)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.figures == FIGURES
    assert report.approved_by == chief and not report.editable
    assert Notification.objects.filter(recipient=world.procurator, code="report.approved").exists()
    section = report.sections.first()
    with pytest.raises(ValidationError):  # the approved text no longer changes
        services.section_save(actor=world.procurator, section=section, body="改",
                              seen_updated_at=section.updated_at)
    with pytest.raises(ValidationError):
        services.report_release(actor=world.procurator, report=report,
                                released_on=datetime.date(2026, 3, 11))  # tomorrow
    services.report_release(actor=world.procurator, report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.RELEASED and report.released_on == NOW.date()
    assert report.figures == FIGURES
    actions = set(AuditEntry.objects.filter(action__startswith="congress_report")
                  .values_list("action", flat=True))
    assert {"congress_report_create", "congress_report_submit", "congress_report_approve",
            "congress_report_release"} <= actions


# --- Two editors ----------------------------------------------------------------------------

def test_a_save_over_a_newer_version_is_refused_and_changes_nothing(world):
    report = annual(world)
    section = report.sections.get(position=2)
    loaded = section.updated_at  # both editors opened the page now
    with time_machine.travel(NOW + datetime.timedelta(minutes=5), tick=False):
        services.section_save(actor=world.procurator, section=section, body="陈立的文字",
                              seen_updated_at=loaded)
    with (time_machine.travel(NOW + datetime.timedelta(minutes=6), tick=False),
          pytest.raises(ValidationError) as refused):
        services.section_save(actor=world.approver, section=section, body="王建国的文字",
                              seen_updated_at=loaded)
    assert refused.value.code == "stale"
    assert "陈立" in refused.value.messages[0]
    section.refresh_from_db()
    assert section.body == "陈立的文字" and section.updated_by == world.procurator
    # reloaded, the second editor saves over the version they have seen
    services.section_save(actor=world.approver, section=section, body="合并后的文字",
                          seen_updated_at=section.updated_at)
    section.refresh_from_db()
    assert section.body == "合并后的文字"


def test_saving_a_section_makes_earlier_renderings_stale(world):
    report = annual(world)
    rendering = services.rendering_request(actor=world.procurator, report=report, fmt="pdf")
    section = report.sections.first()
    with time_machine.travel(NOW + datetime.timedelta(minutes=1), tick=False):
        services.section_save(actor=world.procurator, section=section, body="新的文字",
                              seen_updated_at=section.updated_at)
    report.refresh_from_db()
    assert report.updated_at > rendering.report_updated_at


# --- Who sees what ---------------------------------------------------------------------------

def test_who_reads_drafts_and_who_only_released_reports(world, chief):
    draft = annual(world)
    done = released(world, chief)
    for persona in ("procurator", "assistant", "approver"):
        assert set(reports_visible_to(getattr(world, persona))) == {draft, done}
    assert set(reports_visible_to(world.supervisor)) == {done}  # the city above: finished only
    assert set(reports_visible_to(world.observer)) == {done}    # the congress: released only
    for persona in ("pt_procurator", "court_liaison", "police_liaison", "sysadmin"):
        assert not reports_visible_to(getattr(world, persona)).exists()
        with pytest.raises(Http404):
            get_report_for_user(getattr(world, persona), done.pk)
    with pytest.raises(Http404):
        get_report_for_user(world.observer, draft.pk)


# --- Opinions on a released report ----------------------------------------------------------

def test_an_opinion_is_recorded_on_a_released_report_with_its_due_date(world, chief):
    report = released(world, chief)
    opinion = opinion_services.opinion_record(
        actor=world.procurator, report=report, received_on=NOW.date(), content="加强公益诉讼",
        responsible=world.procurator, letter_number="定人大常办〔2026〕3号")
    assert opinion.due_date == datetime.date(2026, 5, 11)  # two months; 10 May is a Sunday
    assert "两个月" in opinion.due_explanation_text()


# --- Generating the files ---------------------------------------------------------------------

def test_renderings_are_claimed_once_and_fail_in_users_words(world, chief):
    report = released(world, chief)
    rendering = services.rendering_request(actor=world.observer, report=report, fmt="docx")
    assert rendering.status == RenderingStatus.QUEUED
    assert services.rendering_start(rendering.pk) is not None
    services.rendering_progress(rendering.pk, 40, "绘制图表")
    rendering.refresh_from_db()
    assert (rendering.status, rendering.progress) == (RenderingStatus.RUNNING, 40)
    services.rendering_finish(rendering.pk, "r.docx", b"PK")
    assert services.rendering_start(rendering.pk) is None  # a redelivered message: nothing
    services.rendering_fail(rendering.pk, "x")  # a finished one is never marked failed
    rendering.refresh_from_db()
    assert (rendering.status, rendering.progress) == (RenderingStatus.DONE, 100)
    assert rendering.finished_at == timezone.now()

    other = services.rendering_request(actor=world.procurator, report=report, fmt="pdf")
    services.rendering_fail(other.pk, "生成文件时出错")
    other.refresh_from_db()
    assert other.status == RenderingStatus.FAILED and other.error == "生成文件时出错"


def test_a_reader_who_may_not_see_the_report_cannot_ask_for_its_file(world):
    draft = annual(world)
    with pytest.raises(PermissionDenied):
        services.rendering_request(actor=world.observer, report=draft, fmt="pdf")
    with pytest.raises(ValidationError):
        services.rendering_request(actor=world.procurator, report=draft, fmt="odt")
    assert not ReportRendering.objects.exists()
