"""Writes on supervision instruments: drafting, approval, issue, service and replies.

Each function is one action by an explicit ``actor``, runs in a transaction, checks the
transition against :mod:`recommendations.transitions`, writes the audit entry and queues side
effects on commit.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency
from cases.choices import CaseStatus
from cases.models import SupervisionCase
from cases.permissions import can_work_on_case
from supervision.choices import APPROVER_ROLES, Role
from supervision.deadlines import UNITS, DueDate, compute_due_date, is_shorter, period_text
from supervision.models import PeriodRule, User
from supervision.notifications import notify
from supervision.numbering import take_next_number
from supervision.services import audit_record
from supervision.uploads import sniff_upload

from .choices import InstrumentStatus, InternalDeadlineKind, ServiceMethod
from .documents import render_instrument_pdf, sha256_hex
from .internal_deadlines import internal_deadline_open
from .models import DocumentNumberSequence, InstrumentType, Recommendation, Reply
from .transitions import check_transition


def format_document_number(*, short_name: str, department_code: str, type_code: str, year: int,
                           seq: int) -> str:
    """文号, e.g. ``定检一建〔2026〕1号``."""
    return f"{short_name}{department_code}{type_code}〔{year}〕{seq}号"


def _lock(recommendation: Recommendation) -> Recommendation:
    """Re-read the instrument under a row lock so two concurrent actions cannot both pass."""
    return Recommendation.objects.select_for_update(of=("self",)).select_related(
        "case", "case__procuratorate", "case__department", "instrument_type",
        "instrument_type__period_rule", "agency",
    ).get(pk=recommendation.pk)


def check_period_override(rule: PeriodRule | None, amount: int | None, unit: str,
                          reason: str) -> None:
    """A document may state a shorter reply period than its rule's only for an urgent case,
    and only with a recorded reason (人民检察院检察建议工作规定 art. 16, 19; 检察公益诉讼司法解释
    art. 21: 15 days where the damage is still spreading). Raises ValidationError."""
    if amount is None and not unit and not reason.strip():
        return
    if amount is None or amount <= 0 or unit not in UNITS:
        raise ValidationError({"period_amount": _("请填写文书载明的期限及其单位。")})
    if not reason.strip():
        raise ValidationError({"period_reason": _("缩短回复期限必须写明紧急情形和理由。")})
    if rule is None:
        raise ValidationError({"period_amount": _("该类文书不需要书面回复，不能设定回复期限。")})
    if not is_shorter(amount, unit, rule.amount, rule.unit):
        raise ValidationError({"period_amount": _(
            "文书载明的期限必须短于规则期限（%(period)s）；不缩短时请留空。") % {
            "period": period_text(rule.amount, rule.unit)}})


@transaction.atomic
def recommendation_draft(
    *, actor: User, case: SupervisionCase, instrument_type: InstrumentType, agency: Agency,
    title: str, body: str, facts: str = "", problems: str = "", legal_basis: str = "",
    period_amount: int | None = None, period_unit: str = "", period_reason: str = "",
) -> Recommendation:
    """Draft an instrument on ``case`` addressed to ``agency``; ``period_*`` record a shorter
    reply period the document states for an urgent case (see ``check_period_override``)."""
    if not can_work_on_case(actor, case):
        raise PermissionDenied(_("您不能在此案件上拟制文书。"))
    if case.status in {CaseStatus.CLOSED, CaseStatus.NOT_SUPPORTED, CaseStatus.TERMINATED}:
        raise ValidationError(_("案件已结案或终结，不能再拟制文书。"))
    check_period_override(instrument_type.period_rule if instrument_type.requires_reply else None,
                          period_amount, period_unit, period_reason)
    rec = Recommendation.objects.create(
        case=case, instrument_type=instrument_type, agency=agency, title=title, body=body,
        facts=facts, problems=problems, legal_basis=legal_basis, drafted_by=actor,
        period_amount=period_amount, period_unit=period_unit if period_amount else "",
        period_reason=period_reason.strip() if period_amount else "",
    )
    audit_record(actor=actor, action="recommendation_draft", target=rec,
                 **({"period": f"{period_amount} {period_unit}"} if period_amount else {}))
    return rec


def reply_due_date(rec: Recommendation, served_on: datetime.date) -> DueDate:
    """The reply due date of ``rec`` served on ``served_on``: the instrument type's rule, or the
    shorter period the document states (then, where the rule has an urgent variant with that
    very period — ``pil_pre_litigation`` → ``pil_pre_litigation_urgent``, 15 days — that
    variant's code and legal basis explain it)."""
    rule = rec.instrument_type.period_rule
    if not rec.period_amount:
        return compute_due_date(rule, served_on)
    urgent = PeriodRule.objects.filter(code=f"{rule.code}_urgent", amount=rec.period_amount,
                                       unit=rec.period_unit).first()
    return compute_due_date(urgent or rule, served_on, amount=rec.period_amount,
                            unit=rec.period_unit, override_reason=rec.period_reason)


@transaction.atomic
def recommendation_submit(*, actor: User, recommendation: Recommendation) -> Recommendation:
    """Send a draft to the approver (提请审批)."""
    rec = _lock(recommendation)
    if not can_work_on_case(actor, rec.case):
        raise PermissionDenied(_("您不能提交此文书。"))
    rec.status = check_transition("submit", rec.status)
    rec.return_reason = ""
    rec.save(update_fields=["status", "return_reason"])
    audit_record(actor=actor, action="recommendation_submit", target=rec)
    return rec


def _check_approver(actor: User, rec: Recommendation) -> None:
    if actor.role not in APPROVER_ROLES or actor.procuratorate_id != rec.case.procuratorate_id:
        raise PermissionDenied(_("只有本院部门负责人或检察长可以审批。"))
    if actor.pk == rec.drafted_by_id:
        raise PermissionDenied(_("不能审批自己拟制的文书。"))
    # A department head (部门负责人) approves their own department's instruments; the chief
    # procurator (检察长) approves any of the procuratorate's.
    if actor.role == Role.APPROVER and actor.department_id != rec.case.department_id:
        raise PermissionDenied(_("部门负责人只能审批本部门的文书。"))


@transaction.atomic
def recommendation_approve(*, actor: User, recommendation: Recommendation) -> Recommendation:
    """Approve an instrument for issue (审批同意)."""
    rec = _lock(recommendation)
    _check_approver(actor, rec)
    rec.status = check_transition("approve", rec.status)
    rec.approved_by = actor
    rec.approved_at = timezone.now()
    rec.save(update_fields=["status", "approved_by", "approved_at"])
    audit_record(actor=actor, action="recommendation_approve", target=rec)
    return rec


@transaction.atomic
def recommendation_return(*, actor: User, recommendation: Recommendation,
                          reason: str) -> Recommendation:
    """Return an instrument to its drafter with a reason (退回修改)."""
    rec = _lock(recommendation)
    _check_approver(actor, rec)
    if not reason.strip():
        raise ValidationError({"reason": _("退回必须说明理由。")})
    rec.status = check_transition("return", rec.status)
    rec.return_reason = reason.strip()
    rec.save(update_fields=["status", "return_reason"])
    audit_record(actor=actor, action="recommendation_return", target=rec, reason=reason)
    return rec


@transaction.atomic
def recommendation_issue(*, actor: User, recommendation: Recommendation,
                         issued_on: datetime.date | None = None) -> Recommendation:
    """Issue an approved instrument: take the next document number, render the official PDF
    and freeze it with its SHA-256. The PDF is never rendered again after this.

    ``issued_on`` (default today) lets a paper instrument issued earlier be entered after the
    fact (补录); it cannot lie in the future, and the number's year follows it.
    """
    rec = _lock(recommendation)
    if actor.role not in {Role.PROCURATOR, *APPROVER_ROLES} or (
            actor.procuratorate_id != rec.case.procuratorate_id):
        raise PermissionDenied(_("只有本院检察官或审批人可以签发文书。"))
    rec.status = check_transition("issue", rec.status)
    today = issued_on or timezone.localdate()
    if today > timezone.localdate():
        raise ValidationError({"issued_on": _("成文日期不能晚于今天。")})
    procuratorate = rec.case.procuratorate
    department_code = rec.case.department.code if rec.case.department else ""
    type_code = rec.instrument_type.number_code
    seq = take_next_number(DocumentNumberSequence, procuratorate=procuratorate,
                           department_code=department_code, type_code=type_code, year=today.year)
    rec.number = format_document_number(short_name=procuratorate.short_name,
                                        department_code=department_code, type_code=type_code,
                                        year=today.year, seq=seq)
    rec.issued_at = timezone.now()
    rec.issued_on = today
    pdf_bytes = render_instrument_pdf(rec)
    rec.pdf_sha256 = sha256_hex(pdf_bytes)
    rec.pdf.save(f"{procuratorate.pk}-{today.year}-{rec.pk}.pdf", ContentFile(pdf_bytes), save=False)
    rec.save(update_fields=["status", "number", "issued_at", "issued_on", "pdf", "pdf_sha256"])
    audit_record(actor=actor, action="recommendation_issue", target=rec, number=rec.number,
                 sha256=rec.pdf_sha256)
    return rec


@transaction.atomic
def recommendation_serve(*, actor: User, recommendation: Recommendation,
                         served_on: datetime.date, method: str = ServiceMethod.DIRECT) -> Recommendation:
    """Record service (送达) and start the reply clock: the due date is computed from the
    service date by the instrument type's period rule and stored with its explanation."""
    rec = _lock(recommendation)
    if not can_work_on_case(actor, rec.case):
        raise PermissionDenied(_("您不能登记此文书的送达。"))
    target = check_transition("serve", rec.status)
    if served_on > timezone.localdate():
        raise ValidationError({"served_on": _("送达日期不能晚于今天。")})
    if rec.issued_on and served_on < rec.issued_on:
        raise ValidationError({"served_on": _("送达日期不能早于签发日期（%(date)s）。") % {
            "date": rec.issued_on.isoformat()}})
    rec.served_on = served_on
    rec.service_method = method
    fields = ["status", "served_on", "service_method"]
    rule = rec.instrument_type.period_rule
    if rec.instrument_type.requires_reply and rule is not None:
        due = reply_due_date(rec, served_on)
        rec.due_date = due.due_date
        rec.due_provisional = due.provisional
        rec.due_explanation = due.as_dict()
        rec.status = target
        fields += ["due_date", "due_provisional", "due_explanation"]
    else:
        rec.status = InstrumentStatus.CLOSED
    rec.save(update_fields=fields)
    if rec.case.status in {CaseStatus.ACCEPTED, CaseStatus.REVIEWING}:
        rec.case.status = CaseStatus.SUPERVISING
        rec.case.save(update_fields=["status"])
    audit_record(actor=actor, action="recommendation_serve", target=rec,
                 served_on=served_on.isoformat(), due_date=rec.due_date)
    return rec


@transaction.atomic
def reply_submit(*, actor: User, recommendation: Recommendation, content: str, measures: str = "",
                 attachment: UploadedFile | None = None) -> Reply:
    """The addressee agency's written reply (书面回复). Immutable once submitted; the
    procurator handling the case is notified in the app."""
    rec = _lock(recommendation)
    if actor.role != Role.LIAISON or actor.agency_id != rec.agency_id:
        raise PermissionDenied(_("只有主送单位的联络员可以回复。"))
    if not content.strip():
        raise ValidationError({"content": _("回复内容不能为空。")})
    rec.status = check_transition("reply", rec.status)
    reply = Reply(recommendation=rec, author=actor, content=content.strip(),
                  measures=measures.strip())
    if attachment is not None:
        try:
            extension = sniff_upload(attachment)
        except ValidationError as exc:
            raise ValidationError({"attachment": exc.messages}) from exc
        reply.attachment_name = attachment.name[:200]
        reply.attachment.save(f"reply-{rec.pk}.{extension}", attachment, save=False)
    reply.save()
    rec.save(update_fields=["status"])
    notify([rec.case.handler], "reply.received",
           {"agency": rec.agency.name, "number": rec.number or ""}, link=rec.get_absolute_url())
    # The reply stops the agency's clock and starts the procuratorate's: evaluate it.
    internal_deadline_open(actor=actor, recommendation=rec, kind=InternalDeadlineKind.EVALUATION,
                           start=timezone.localdate())
    audit_record(actor=actor, action="reply_submit", target=rec, reply=reply.pk)
    return reply
