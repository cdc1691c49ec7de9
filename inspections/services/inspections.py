"""Planning, starting, concluding and cancelling an inspection (巡回检察 / 派驻检察: seed 000 §2).

Each function checks who and from which state through ``inspections.transitions``, writes the
rows and one audit entry (target: the inspection), and tells the team what it should know.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency
from supervision.models import User
from supervision.services.audit import audit_record
from supervision.services.notifications import notify

from ..choices import INSTITUTION_TYPES, FindingStatus, InspectionKind, InspectionMode
from ..models import Inspection
from ..permissions import LEADER_ROLES, MEMBER_ROLES, PLANNER_ROLES
from ..transitions import enforce


def _locked(inspection: Inspection) -> Inspection:
    return (Inspection.objects.select_for_update(of=("self",))
            .select_related("institution", "leader", "procuratorate").get(pk=inspection.pk))


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def check_institution(institution: Agency | None, procuratorate_id: int) -> None:
    """Only a prison, detention centre, community-correction body or compulsory-medical
    institution the procuratorate supervises is inspected (seed 000 §2)."""
    if institution is None:
        raise ValidationError({"institution": _("请选择被检察单位。")})
    if institution.agency_type not in INSTITUTION_TYPES:
        raise ValidationError({"institution": _(
            "巡回检察的对象是监狱、看守所、社区矫正机构和强制医疗所；%(agency)s是%(type)s，"
            "不能作为巡回检察对象。") % {"agency": institution.name,
                                   "type": institution.get_agency_type_display()}})
    if institution.supervising_procuratorate_id != procuratorate_id:
        raise ValidationError({"institution": _("该单位不由本院监督。")})


def _check_team(procuratorate_id: int, leader: User | None,
                members: Sequence[User]) -> list[User]:
    if (leader is None or not leader.is_active or leader.role not in LEADER_ROLES
            or leader.procuratorate_id != procuratorate_id):
        raise ValidationError({"leader": _("检察组组长应当是本院的检察官、部门负责人或检察长。")})
    for member in members:
        if (not member.is_active or member.role not in MEMBER_ROLES
                or member.procuratorate_id != procuratorate_id):
            raise ValidationError({"members": _(
                "检察组成员应当是本院的检察人员：%(name)s不是。") % {"name": str(member)}})
    return [m for m in {m.pk: m for m in members}.values() if m.pk != leader.pk]


def _check_shape(kind: str, mode: str, start_date: datetime.date | None,
                 end_date: datetime.date | None) -> None:
    if kind not in InspectionKind.values:
        raise ValidationError({"kind": _("检察方式无效。")})
    if mode not in InspectionMode.values:
        raise ValidationError({"mode": _("巡回形式无效。")})
    if (kind == InspectionKind.RESIDENT) != (mode == InspectionMode.DAILY):
        raise ValidationError({"mode": _("派驻检察的形式为日常派驻检察；巡回检察请选择常规、专门、机动或交叉巡回检察。")})
    if start_date is None or end_date is None:
        raise ValidationError({"start_date": _("请填写检察期间。")})
    if end_date < start_date:
        raise ValidationError({"end_date": _("结束日期不能早于开始日期。")})


def _team(inspection: Inspection, actor: User) -> list[User]:
    people = [inspection.leader, *inspection.members.select_related("notification_preference")]
    return [u for u in {u.pk: u for u in people}.values() if u.pk != actor.pk]


@transaction.atomic
def inspection_plan(*, actor: User, kind: str, mode: str, title: str, institution: Agency,
                    leader: User, start_date: datetime.date, end_date: datetime.date,
                    scope: str, members: Sequence[User] = ()) -> Inspection:
    """Plan an inspection of ``institution`` by a team of ``actor``'s procuratorate; the team
    is told."""
    if actor.role not in PLANNER_ROLES or actor.procuratorate_id is None:
        raise PermissionDenied(_("只有检察官、部门负责人或检察长可以安排巡回检察。"))
    title = _text(title, "title", _("请填写巡回检察名称。"))
    scope = _text(scope, "scope", _("请填写检察内容。"))
    _check_shape(kind, mode, start_date, end_date)
    check_institution(institution, actor.procuratorate_id)
    members = _check_team(actor.procuratorate_id, leader, members)
    inspection = Inspection.objects.create(
        procuratorate_id=actor.procuratorate_id, kind=kind, mode=mode, title=title,
        institution=institution, leader=leader, start_date=start_date, end_date=end_date,
        scope=scope, created_by=actor)
    inspection.members.set(members)
    audit_record(actor=actor, action="inspection_plan", target=inspection,
                 institution=institution.pk, leader=leader.pk,
                 members=",".join(str(m.pk) for m in members),
                 period=f"{start_date.isoformat()}/{end_date.isoformat()}")
    notify(_team(inspection, actor), "inspection.team",
           {"institution": institution.name, "title": title, "start": start_date.isoformat(),
            "end": end_date.isoformat(), "leader": str(leader)},
           link=inspection.get_absolute_url())
    return inspection


@transaction.atomic
def inspection_update(*, actor: User, inspection: Inspection, kind: str, mode: str, title: str,
                      institution: Agency, leader: User, start_date: datetime.date,
                      end_date: datetime.date, scope: str,
                      members: Sequence[User] = ()) -> Inspection:
    """Change a planned or running inspection. Once findings are recorded, the institution
    stays, and the period still covers them."""
    inspection = _locked(inspection)
    enforce("edit", actor, inspection)
    title = _text(title, "title", _("请填写巡回检察名称。"))
    scope = _text(scope, "scope", _("请填写检察内容。"))
    _check_shape(kind, mode, start_date, end_date)
    check_institution(institution, inspection.procuratorate_id)
    members = _check_team(inspection.procuratorate_id, leader, members)
    findings = inspection.findings.all()
    if institution.pk != inspection.institution_id and findings.exists():
        raise ValidationError({"institution": _("已登记发现的问题，不能更换被检察单位。")})
    earliest = findings.order_by("found_on").values_list("found_on", flat=True).first()
    if earliest is not None and earliest < start_date:
        raise ValidationError({"start_date": _("开始日期不能晚于已登记问题的发现日期（%(date)s）。") % {
            "date": earliest.isoformat()}})
    values = {"kind": kind, "mode": mode, "title": title, "institution": institution,
              "leader": leader, "start_date": start_date, "end_date": end_date, "scope": scope}
    changes = {f: (getattr(inspection, f), v) for f, v in values.items()
               if getattr(inspection, f) != v}
    before = set(inspection.members.values_list("pk", flat=True))
    after = {m.pk for m in members}
    if not changes and before == after:
        return inspection
    for field, (_old, new) in changes.items():
        setattr(inspection, field, new)
    if changes:
        inspection.save(update_fields=list(changes))
    if before != after:
        inspection.members.set(members)
        changes["members"] = (",".join(map(str, sorted(before))), ",".join(map(str, sorted(after))))
    audit_record(actor=actor, action="inspection_update", target=inspection, changes=changes)
    joined = [m for m in members if m.pk not in before]
    if "leader" in changes:
        joined.append(leader)
    joined = [u for u in joined if u.pk != actor.pk]
    if joined:
        notify(joined, "inspection.team",
               {"institution": institution.name, "title": title,
                "start": start_date.isoformat(), "end": end_date.isoformat(),
                "leader": str(leader)}, link=inspection.get_absolute_url())
    return inspection


@transaction.atomic
def inspection_start(*, actor: User, inspection: Inspection,
                     started_on: datetime.date) -> Inspection:
    """The team entered the institution (进驻) on ``started_on``."""
    inspection = _locked(inspection)
    target = enforce("start", actor, inspection)
    if started_on is None or started_on > timezone.localdate():
        raise ValidationError({"started_on": _("进驻日期不能晚于今天。")})
    if not inspection.start_date <= started_on <= inspection.end_date:
        raise ValidationError({"started_on": _("进驻日期应在检察期间（%(start)s至%(end)s）内。") % {
            "start": inspection.start_date.isoformat(), "end": inspection.end_date.isoformat()}})
    inspection.status, inspection.started_on = target, started_on
    inspection.save(update_fields=["status", "started_on"])
    audit_record(actor=actor, action="inspection_start", target=inspection,
                 started_on=started_on.isoformat())
    return inspection


@transaction.atomic
def inspection_conclude(*, actor: User, inspection: Inspection, report_summary: str,
                        report_issued_on: datetime.date, report_requests: str = "") -> Inspection:
    """End the inspection and send the institution its written feedback (检察情况反馈): every
    finding must have been dealt with (a case, an instrument or an oral correction) so that the
    feedback says what became of each."""
    inspection = _locked(inspection)
    target = enforce("conclude", actor, inspection)
    report_summary = _text(report_summary, "report_summary", _("请填写检察情况及总体评价。"))
    pending = list(inspection.findings.filter(status=FindingStatus.PENDING)
                   .values_list("number", flat=True))
    if pending:
        raise ValidationError(_("第%(numbers)s项问题尚未处理（转为案件、制发文书或口头纠正），"
                                "不能结束检察。") % {"numbers": "、".join(map(str, pending))})
    if report_issued_on is None or report_issued_on > timezone.localdate():
        raise ValidationError({"report_issued_on": _("反馈日期不能晚于今天。")})
    if report_issued_on < (inspection.started_on or inspection.start_date):
        raise ValidationError({"report_issued_on": _("反馈日期不能早于进驻日期。")})
    inspection.status = target
    inspection.report_summary = report_summary
    inspection.report_requests = (report_requests or "").strip()
    inspection.report_issued_on, inspection.concluded_by = report_issued_on, actor
    inspection.save(update_fields=["status", "report_summary", "report_requests",
                                   "report_issued_on", "concluded_by"])
    audit_record(actor=actor, action="inspection_conclude", target=inspection,
                 report_issued_on=report_issued_on.isoformat())
    notify(_team(inspection, actor), "inspection.concluded",
           {"title": inspection.title, "date": report_issued_on.isoformat(),
            "institution": inspection.institution.name}, link=inspection.get_absolute_url())
    return inspection


@transaction.atomic
def inspection_cancel(*, actor: User, inspection: Inspection, reason: str) -> Inspection:
    """Call off an inspection, with the reason — not one whose findings already became cases
    or were corrected (those stand, and the inspection is concluded instead)."""
    inspection = _locked(inspection)
    target = enforce("cancel", actor, inspection)
    reason = _text(reason, "reason", _("撤销巡回检察应当说明理由。"))
    if inspection.findings.exclude(status=FindingStatus.PENDING).exists():
        raise ValidationError(_("已有问题转为案件、文书或已口头纠正，不能撤销；请结束检察并反馈。"))
    inspection.status, inspection.cancel_reason = target, reason
    inspection.save(update_fields=["status", "cancel_reason"])
    audit_record(actor=actor, action="inspection_cancel", target=inspection, reason=reason)
    notify(_team(inspection, actor), "inspection.cancelled",
           {"title": inspection.title, "reason": reason}, link=inspection.get_absolute_url())
    return inspection
