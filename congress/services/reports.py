"""Writing, approving and releasing a report to the people's congress, and the bookkeeping of
its PDF/DOCX generation (seed 000 §6: the procuratorate reports to the standing committee "通过
专项工作报告、综合性报告或者其他报告形式"; seed 000 §10 and seed 004 §11: the committee hears and
deliberates it).

The lifecycle is one table (:data:`TABLE`, on ``supervision.statemachine``): 起草中 → 待审批 →
退回修改 / 已批准 → 已报送人大. The procuratorate's writers draft, edit, submit and release; the
chief of the same procuratorate, never the author, returns or approves. Approval freezes the
period's statistics in ``CongressReport.figures``: the caller (``reporting``, a higher layer —
this app cannot import it) computes them and passes them in.

Two people editing one section cannot overwrite each other: :func:`section_save` takes the
``updated_at`` the editor's form was loaded with and refuses the save when the stored section
is newer (optimistic locking); the form keeps what was typed.

The ``rendering_*`` functions without an ``actor`` are the Celery task's progress bookkeeping
(``reporting.tasks``): not a change of the record by anyone, so not audited.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from supervision.choices import Role
from supervision.models import User
from supervision.services.audit import audit_record
from supervision.services.notifications import notify
from supervision.statemachine import ActorKind, Messages, Transition, TransitionTable

from ..models import (
    CongressReport,
    RenderingFormat,
    RenderingStatus,
    ReportKind,
    ReportRendering,
    ReportSection,
)
from ..models import ReportStatus as S
from ..permissions import can_approve, can_write, reports_visible_to

#: Actor kinds of the table: the procuratorate's writers (``permissions.can_write``) and its
#: chief who is not the author (``permissions.can_approve``).
WRITER, APPROVER = "writer", "approver"

TABLE = TransitionTable(
    [
        Transition("edit", {S.DRAFT, S.RETURNED}, set(), {WRITER}, gettext_lazy("修改")),
        Transition("submit", {S.DRAFT, S.RETURNED}, {S.SUBMITTED}, {WRITER},
                   gettext_lazy("提请审批")),
        Transition("return", {S.SUBMITTED}, {S.RETURNED}, {APPROVER}, gettext_lazy("退回修改")),
        Transition("approve", {S.SUBMITTED}, {S.APPROVED}, {APPROVER}, gettext_lazy("批准")),
        Transition("release", {S.APPROVED}, {S.RELEASED}, {WRITER}, gettext_lazy("报送人大")),
    ],
    states=dict(S.choices),
    actor_kinds=[
        ActorKind(WRITER, gettext_lazy("只有本院检察人员可以起草、修改和报送人大报告。")),
        ActorKind(APPROVER, gettext_lazy("只有本院检察长可以审批人大报告，起草人不能审批自己起草的报告。")),
    ],
    messages=Messages(wrong_state=gettext_lazy("报告当前状态为“%(state)s”，不能执行“%(action)s”。"),
                      unknown_action=gettext_lazy("未知的报告操作。")),
)


def actor_kinds(user: User, report: CongressReport) -> frozenset[str]:
    kinds = set()
    if can_write(user, report):
        kinds.add(WRITER)
    if can_approve(user, report):
        kinds.add(APPROVER)
    return frozenset(kinds)


def allowed_actions(user: User, report: CongressReport) -> list[str]:
    """The state-changing actions ``user`` may take on ``report`` now, in table order."""
    return [a for a in TABLE.allowed(report.status, actor_kinds(user, report)) if a != "edit"]


# --- The default text -----------------------------------------------------------------------
# The report is an official document to the congress: its headings and starting text are
# Chinese whatever the interface language (as the instruments are), and the procurator edits
# them freely. Headings are stored bare; 一、二、… are typeset when the report is shown.

def _period_text(start: datetime.date, end: datetime.date) -> str:
    return f"{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日"


def default_sections(kind: str, subject: str, start: datetime.date,
                     end: datetime.date) -> list[tuple[str, str]]:
    """``[(heading, body), …]`` of a new report: the four parts of a 法律监督工作报告 (the
    figures themselves are generated, and printed after the first part)."""
    period = _period_text(start, end)
    what = "法律监督工作" if kind == ReportKind.ANNUAL else subject
    return [
        ("基本情况" if kind == ReportKind.ANNUAL else f"{subject}基本情况",
         (f"{period}，本院认真履行法律监督职责，{what}总体情况如下。"
          "本期各项统计数据及与去年同期的比较，见本部分后附的统计表和图表。")),
        (f"开展{what}的主要做法和成效", ""),
        ("存在的问题和不足", ""),
        ("下一步工作打算", ""),
    ]


def default_title(procuratorate_name: str, kind: str, subject: str, start: datetime.date,
                  end: datetime.date) -> str:
    if kind == ReportKind.ANNUAL:
        year = f"{start.year}年度" if start.year == end.year else f"{start.year}—{end.year}年度"
        return f"{procuratorate_name}关于{year}法律监督工作情况的报告"
    return f"{procuratorate_name}关于{subject}情况的专项报告"


# --- Writing ----------------------------------------------------------------------------------

@transaction.atomic
def report_create(*, actor: User, kind: str, period_start: datetime.date,
                  period_end: datetime.date, subject: str = "", title: str = "") -> CongressReport:
    """A new draft report of ``actor``'s procuratorate for the period, with the default
    narrative sections. An annual report needs no subject; a special report needs one."""
    if actor.procuratorate_id is None:
        raise PermissionDenied(TABLE.actor_kinds[WRITER].refusal)
    report = CongressReport(procuratorate=actor.procuratorate, kind=kind, author=actor,
                            subject=subject.strip(), period_start=period_start,
                            period_end=period_end)
    if not can_write(actor, report):
        raise PermissionDenied(TABLE.actor_kinds[WRITER].refusal)
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("请选择报告类别。")})
    if kind == ReportKind.SPECIAL and not report.subject:
        raise ValidationError({"subject": _("专项工作报告须填写专项主题。")})
    if kind == ReportKind.ANNUAL:
        report.subject = ""
    if period_end < period_start:
        raise ValidationError({"period_end": _("统计截止日不能早于起始日。")})
    report.title = (title.strip() or default_title(actor.procuratorate.name, kind,
                                                   report.subject, period_start, period_end))
    report.full_clean(exclude=["figures"])
    report.save()
    ReportSection.objects.bulk_create([
        ReportSection(report=report, position=position, heading=heading, body=body,
                      updated_by=actor)
        for position, (heading, body) in enumerate(
            default_sections(kind, report.subject, period_start, period_end), start=1)])
    audit_record(actor=actor, action="congress_report_create", target=report, kind=kind,
                 period=f"{period_start.isoformat()}/{period_end.isoformat()}")
    return report


def _locked(report: CongressReport) -> CongressReport:
    return (CongressReport.objects.select_for_update(of=("self",))
            .select_related("procuratorate", "author").get(pk=report.pk))


@transaction.atomic
def section_save(*, actor: User, section: ReportSection, body: str,
                 seen_updated_at: datetime.datetime, heading: str | None = None) -> ReportSection:
    """Save a section's text. ``seen_updated_at`` is the section's ``updated_at`` when the
    editor's form was loaded: a save over a newer version (someone else saved meanwhile) is
    refused, naming who and when, so nobody's words are silently overwritten."""
    report = _locked(section.report)
    TABLE.enforce("edit", report.status, actor_kinds(actor, report))
    current = (ReportSection.objects.select_related("updated_by")
               .get(pk=section.pk, report=report))
    if current.updated_at > seen_updated_at:
        raise ValidationError(
            _("该部分已由%(name)s于%(time)s修改，您的保存未生效，以免覆盖其修改。"
              "您填写的文字仍在下方，请对照当前内容合并后再保存。") % {
                "name": current.updated_by or _("他人"),
                "time": date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT")},
            code="stale")
    heading = current.heading if heading is None else heading.strip()
    if not heading:
        raise ValidationError({"heading": _("请填写标题。")})
    current.heading, current.body, current.updated_by = heading, body.strip(), actor
    current.save(update_fields=["heading", "body", "updated_by", "updated_at"])
    # The report's text changed: its earlier PDF/DOCX renderings are now stale.
    report.save(update_fields=["updated_at"])
    audit_record(actor=actor, action="congress_section_save", target=current, report=report.pk)
    return current


def _chiefs(report: CongressReport) -> list[User]:
    return list(User.objects.filter(procuratorate_id=report.procuratorate_id, role=Role.CHIEF,
                                     is_active=True)
                .exclude(pk=report.author_id).select_related("notification_preference"))


@transaction.atomic
def report_submit(*, actor: User, report: CongressReport) -> CongressReport:
    """Send the report to the chief for approval; every part must have text."""
    report = _locked(report)
    target = TABLE.enforce("submit", report.status, actor_kinds(actor, report))
    empty = [s.heading for s in report.sections.all() if not s.body.strip()]
    if empty:
        raise ValidationError(_("以下部分尚无内容，请填写后再提请审批：%(parts)s。") % {
            "parts": "、".join(empty)})
    report.status, report.return_reason = target, ""
    report.save(update_fields=["status", "return_reason", "updated_at"])
    audit_record(actor=actor, action="congress_report_submit", target=report)
    notify(_chiefs(report), "report.approval_requested",
           {"name": str(actor), "title": report.title}, link=report.get_absolute_url())
    return report


@transaction.atomic
def report_return(*, actor: User, report: CongressReport, reason: str) -> CongressReport:
    """The chief sends the report back to be revised, saying why."""
    report = _locked(report)
    target = TABLE.enforce("return", report.status, actor_kinds(actor, report))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写退回理由。")})
    report.status, report.return_reason = target, reason.strip()
    report.save(update_fields=["status", "return_reason", "updated_at"])
    audit_record(actor=actor, action="congress_report_return", target=report,
                 reason=report.return_reason)
    notify([report.author], "report.returned",
           {"title": report.title, "reason": report.return_reason},
           link=report.get_absolute_url())
    return report


@transaction.atomic
def report_approve(*, actor: User, report: CongressReport, figures: dict) -> CongressReport:
    """The chief approves the report. ``figures`` — the period's statistics as computed now
    by the caller (``reporting.statistics.as_json``) — are frozen with it: the released report
    never changes when instruments are added or corrected later."""
    report = _locked(report)
    target = TABLE.enforce("approve", report.status, actor_kinds(actor, report))
    if not isinstance(figures, dict) or not figures:
        raise ValidationError(_("统计数据未能生成，暂不能批准。"))
    report.status, report.figures = target, figures
    report.approved_by, report.approved_at = actor, timezone.now()
    report.save(update_fields=["status", "figures", "approved_by", "approved_at", "updated_at"])
    audit_record(actor=actor, action="congress_report_approve", target=report,
                 as_of=figures.get("as_of", ""))
    notify([report.author], "report.approved", {"title": report.title},
           link=report.get_absolute_url())
    return report


@transaction.atomic
def report_release(*, actor: User, report: CongressReport,
                   released_on: datetime.date | None = None) -> CongressReport:
    """Record that the approved report was sent to the standing committee, on
    ``released_on`` (today by default; never in the future nor before its approval)."""
    report = _locked(report)
    target = TABLE.enforce("release", report.status, actor_kinds(actor, report))
    today = timezone.localdate()
    released_on = released_on or today
    if released_on > today:
        raise ValidationError({"released_on": _("日期不能晚于今天。")})
    approved_on = timezone.localdate(report.approved_at) if report.approved_at else None
    if approved_on is not None and released_on < approved_on:
        raise ValidationError({"released_on": _("报送日期不能早于批准日期（%(date)s）。") % {
            "date": approved_on.isoformat()}})
    report.status, report.released_on = target, released_on
    report.save(update_fields=["status", "released_on", "updated_at"])
    audit_record(actor=actor, action="congress_report_release", target=report,
                 released_on=released_on.isoformat())
    return report


# --- PDF and DOCX generation ------------------------------------------------------------------
#: The stages the progress bar names: msgids, stored as such and translated when shown.
STAGE_QUEUED = gettext_noop("排队等待生成")
STAGE_PREPARING = gettext_noop("准备数据")
STAGE_DONE = gettext_noop("已完成")
STAGE_FAILED = gettext_noop("生成失败")

@transaction.atomic
def rendering_request(*, actor: User, report: CongressReport, fmt: str) -> ReportRendering:
    """Ask for the report as a PDF or DOCX, generated by a Celery task the caller queues
    (``reporting.tasks.render_congress_report``) once this commits. Anyone who may read the
    report may ask (the observer, of a released report)."""
    if not reports_visible_to(actor).filter(pk=report.pk).exists():
        raise PermissionDenied(_("您不能生成本报告的文件。"))
    if fmt not in RenderingFormat.values:
        raise ValidationError(_("不支持的文件格式。"))
    rendering = ReportRendering.objects.create(
        report=report, fmt=fmt, requested_by=actor, report_updated_at=report.updated_at,
        stage=STAGE_QUEUED)
    audit_record(actor=actor, action="congress_report_render", target=report, fmt=fmt,
                 rendering=rendering.pk)
    return rendering


def rendering_start(rendering_id: int) -> ReportRendering | None:
    """Claim a queued (or interrupted) rendering for the task; None when it is finished
    already (a redelivered message) or gone."""
    claimed = (ReportRendering.objects.filter(
        pk=rendering_id, status__in=(RenderingStatus.QUEUED, RenderingStatus.RUNNING))
        .update(status=RenderingStatus.RUNNING, progress=0, stage=STAGE_PREPARING, error=""))
    if not claimed:
        return None
    return ReportRendering.objects.select_related("report__procuratorate").get(pk=rendering_id)


def rendering_progress(rendering_id: int, progress: int, stage: str) -> None:
    """``stage`` is a msgid (shown translated on the page)."""
    ReportRendering.objects.filter(pk=rendering_id, status=RenderingStatus.RUNNING).update(
        progress=max(0, min(progress, 99)), stage=stage)


@transaction.atomic
def rendering_finish(rendering_id: int, name: str, content: bytes) -> ReportRendering:
    rendering = ReportRendering.objects.select_for_update().get(pk=rendering_id)
    rendering.file.save(name, ContentFile(content), save=False)
    rendering.status, rendering.progress, rendering.stage = RenderingStatus.DONE, 100, STAGE_DONE
    rendering.finished_at = timezone.now()
    rendering.save(update_fields=["file", "status", "progress", "stage", "finished_at"])
    return rendering


def rendering_fail(rendering_id: int, message: str) -> None:
    """``message`` is in users' words (what went wrong, what to do), never a traceback."""
    ReportRendering.objects.filter(pk=rendering_id).exclude(status=RenderingStatus.DONE).update(
        status=RenderingStatus.FAILED, error=message[:1000], stage=STAGE_FAILED,
        finished_at=timezone.now())
