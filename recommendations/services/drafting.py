"""Drafting, approval and issue of instruments (拟稿 → 审批 → 签发): sections, items, addressee
rules, document numbers and the frozen PDF.

Each function is one action by an explicit ``actor``, runs in a transaction, checks the
transition against :mod:`recommendations.transitions`, writes the audit entry and queues side
effects on commit.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from agencies.models import Agency
from cases.choices import CaseStatus
from cases.models import SupervisionCase
from cases.permissions import can_work_on_case
from recommendations.services.notices import tell_liaisons
from supervision.choices import APPROVER_ROLES, Role
from supervision.deadlines import (
    UNITS,
    DueDate,
    compute_due_date,
    is_shorter,
    period_text,
    stated_period,
)
from supervision.models import PeriodRule, User
from supervision.numbering import take_next_number
from supervision.services.audit import audit_record
from supervision.services.notifications import notify

from ..choices import SECTION_FIELDS, ApprovalLevel, InstrumentStatus, instrument_sections
from ..documents import render_instrument_pdf, sha256_hex
from ..models import (
    DocumentNumberSequence,
    InstrumentType,
    Recommendation,
    RecommendationBatch,
    RecommendationItem,
)
from ..outline import parse_operative
from ..revision import touch
from ..signing_keys import sign_instrument_pdf
from ..transitions import approval_stage, approver_refusal, enforce, enforce_system
from .locks import lock_recommendation


def format_document_number(*, short_name: str, department_code: str, type_code: str, year: int,
                           seq: int) -> str:
    """文号, e.g. ``定检一建〔2026〕1号``."""
    return f"{short_name}{department_code}{type_code}〔{year}〕{seq}号"


def msgid(label: Promise | str) -> str:
    """A choice label as its untranslated msgid, for a notification param translated when
    shown (``supervision.notifications.TRANSLATED_PARAMS``)."""
    from django.utils.translation import override

    with override(None):
        return str(label)


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


def check_urgency(instrument_type: InstrumentType, reason: str) -> str:
    """The urgency a type that requires it states (``requires_urgency_reason``: 财产保全建议,
    证据保全建议 — the property may be moved, the evidence lost; seed 004 §7), stripped; ''
    for any other type. Raises ValidationError when it is required and missing."""
    if not instrument_type.requires_urgency_reason:
        return ""
    if not (reason or "").strip():
        raise ValidationError({"urgency_reason": _(
            "请写明紧急情形，如财产可能被转移、隐匿，证据可能灭失或者以后难以取得。")})
    return reason.strip()


def split_items(body: str) -> list[str]:
    """The numbered items (建议事项) written in ``body`` ("一、…；二、…", "（一）…" or "1. …"),
    without their numbers; points numbered in another style stay inside their item
    (``recommendations.outline``); the whole text as one item when it is not numbered."""
    return parse_operative(body).items


def check_addressee(instrument_type: InstrumentType, agency: Agency) -> None:
    """The type's addressee rule (``InstrumentType.addressee_types``): e.g. 再审检察建议 and
    抗诉书 go to a court, 通知立案书 to the police (刑事诉讼规则 art. 563)."""
    if not instrument_type.may_address(agency.agency_type):
        raise ValidationError({"agency": _("“%(type)s”不能主送%(agency_type)s（%(agency)s）。") % {
            "type": instrument_type, "agency_type": agency.get_agency_type_display(),
            "agency": agency.name}})


def _create_items(rec: Recommendation, items: list[str] | None) -> None:
    texts = [t.strip() for t in (items if items is not None else split_items(rec.body)) if t.strip()]
    RecommendationItem.objects.bulk_create(
        RecommendationItem(recommendation=rec, number=n, text=t) for n, t in enumerate(texts, 1))
    touch([rec.pk])  # bulk_create sends no signal (recommendations.revision)


@transaction.atomic
def recommendation_draft(
    *, actor: User, case: SupervisionCase, instrument_type: InstrumentType, agency: Agency,
    title: str, body: str, facts: str = "", problems: str = "", legal_basis: str = "",
    case_source: str = "", items: list[str] | None = None, period_amount: int | None = None,
    period_unit: str = "", period_reason: str = "", batch: RecommendationBatch | None = None,
    urgency_reason: str = "",
) -> Recommendation:
    """Draft an instrument on ``case`` addressed to ``agency`` with the sections of
    人民检察院检察建议工作规定 (2019) art. 13; ``items`` are its numbered 建议事项 (default: read
    from ``body``); ``period_*`` record a shorter reply period the document states for an
    urgent case (see ``check_period_override``); ``urgency_reason`` is the urgency a
    preservation suggestion must state (``check_urgency``)."""
    if not can_work_on_case(actor, case):
        raise PermissionDenied(_("您不能在此案件上拟制文书。"))
    if case.status in {CaseStatus.CLOSED, CaseStatus.NOT_SUPPORTED, CaseStatus.TERMINATED}:
        raise ValidationError(_("案件已结案或终结，不能再拟制文书。"))
    check_addressee(instrument_type, agency)
    check_period_override(instrument_type.period_rule if instrument_type.requires_reply else None,
                          period_amount, period_unit, period_reason)
    urgency_reason = check_urgency(instrument_type, urgency_reason)
    rec = Recommendation.objects.create(
        case=case, instrument_type=instrument_type, agency=agency, title=title.strip(),
        body=body, facts=facts, problems=problems, legal_basis=legal_basis,
        case_source=case_source, drafted_by=actor, batch=batch,
        period_amount=period_amount, period_unit=period_unit if period_amount else "",
        period_reason=period_reason.strip() if period_amount else "",
        urgency_reason=urgency_reason,
    )
    _create_items(rec, items)
    audit_record(actor=actor, action="recommendation_draft", target=rec,
                 **({"period": f"{period_amount} {period_unit}"} if period_amount else {}))
    return rec


@transaction.atomic
def recommendation_edit(*, actor: User, recommendation: Recommendation, title: str,
                        sections: dict[str, str], instrument_type: InstrumentType | None = None,
                        agency: Agency | None = None, period_amount: int | None = None,
                        period_unit: str = "", period_reason: str = "",
                        keep_period: bool = False, via: str = "form",
                        file_name: str = "", urgency_reason: str | None = None) -> Recommendation:
    """Change a draft (修改草稿): title, the sections given (field -> text; a field not given
    keeps its text), and from the form also its type, addressee and stated period
    (``keep_period``: leave the period as it is, as a DOCX upload does). Only a draft, or one
    returned (退回修改), by one who may work on the case. The items are read again from the
    operative section; ``urgency_reason`` None keeps the stated urgency. The audit entry names the fields changed and whether the form or an
    uploaded DOCX (``file_name``) changed them."""
    rec = lock_recommendation(recommendation)
    enforce("edit", actor, rec)
    if not title.strip():
        raise ValidationError({"title": _("请填写标题。")})
    instrument_type = instrument_type or rec.instrument_type
    agency = agency or rec.agency
    if instrument_type.pk != rec.instrument_type_id or agency.pk != rec.agency_id:
        check_addressee(instrument_type, agency)
    if not keep_period:
        check_period_override(
            instrument_type.period_rule if instrument_type.requires_reply else None,
            period_amount, period_unit, period_reason)
    if urgency_reason is not None or instrument_type.pk != rec.instrument_type_id:
        urgency_reason = check_urgency(
            instrument_type, rec.urgency_reason if urgency_reason is None else urgency_reason)
    texts = {field: (sections[field] or "").strip()
             for field in SECTION_FIELDS.values() if field in sections}
    if not texts.get("body", rec.body).strip():
        raise ValidationError({"body": _("请填写文书的主文（%(heading)s）。") % {
            "heading": instrument_sections(instrument_type)[-1].heading}})
    new = {"title": title.strip(), "instrument_type_id": instrument_type.pk,
           "agency_id": agency.pk, **texts}
    if urgency_reason is not None:
        new["urgency_reason"] = urgency_reason
    if not keep_period:
        new |= {"period_amount": period_amount,
                "period_unit": period_unit if period_amount else "",
                "period_reason": period_reason.strip() if period_amount else ""}
    changed = [field for field, value in new.items() if getattr(rec, field) != value]
    for field, value in new.items():
        setattr(rec, field, value)
    if changed:
        rec.save(update_fields=changed)
    if "body" in changed or not rec.items.exists():
        rec.items.all().delete()
        _create_items(rec, None)
    audit_record(actor=actor, action="recommendation_edit", target=rec, via=via,
                 changed=",".join(changed), **({"file": file_name} if file_name else {}))
    return rec


def reply_due_date(rec: Recommendation, served_on: datetime.date) -> DueDate:
    """The reply due date of ``rec`` served on ``served_on``: the instrument type's rule, or the
    shorter period the document states (then, where the rule has an urgent variant with that
    very period — ``pil_pre_litigation`` → ``pil_pre_litigation_urgent``, 15 days — that
    variant's code and legal basis explain it)."""
    rule = rec.instrument_type.period_rule
    amount, unit, stated = stated_period(rule, rec.period_amount, rec.period_unit)
    if not stated:
        return compute_due_date(rule, served_on)
    urgent = PeriodRule.objects.filter(code=f"{rule.code}_urgent", amount=amount,
                                       unit=unit).first()
    return compute_due_date(urgent or rule, served_on, amount=amount, unit=unit,
                            override_reason=rec.period_reason)


@transaction.atomic
def recommendation_submit(*, actor: User, recommendation: Recommendation) -> Recommendation:
    """Send a draft to the first level of its approval chain (提请审批): the department
    head, or the chief where the department has none. A type that requires it
    (``requires_urgency_reason``) must state its urgency first."""
    rec = lock_recommendation(recommendation)
    rec.status = enforce("submit", actor, rec)
    if rec.instrument_type.requires_urgency_reason and not rec.urgency_reason.strip():
        raise ValidationError({"urgency_reason": _(
            "“%(type)s”须写明紧急情形（如财产可能被转移、证据可能灭失），请修改草稿后再提请审批。")
            % {"type": rec.instrument_type}})
    rec.return_reason = ""
    rec.approval_stage = ApprovalLevel.DEPARTMENT  # every chain starts there (APPROVAL_CHAINS)
    rec.save(update_fields=["status", "return_reason", "approval_stage"])
    audit_record(actor=actor, action="recommendation_submit", target=rec)
    notify(next_approvers(rec, exclude=actor), "approval.requested",
           {"name": str(actor), "type": rec.instrument_type.name,
            "type_en": rec.instrument_type.name_en, "title": rec.title},
           link=reverse("recommendations:detail", args=[rec.pk]))
    return rec


def next_approvers(rec: Recommendation, *, exclude: User | None = None) -> list[User]:
    """Who is told an instrument waits at its level (待我审批): at the first level those
    ``transitions.approver_refusal`` lets approve it — the case department's heads, or, where
    it has none, the chief; at the chief's and the committee's levels the chief (never the
    drafter). One query."""
    people = list(User.objects.filter(role__in=APPROVER_ROLES,
                                      procuratorate=rec.case.procuratorate_id, is_active=True)
                  .exclude(pk=getattr(exclude, "pk", None))
                  .select_related("notification_preference"))
    if approval_stage(rec) != ApprovalLevel.DEPARTMENT:
        return [u for u in people if u.role == Role.CHIEF and u.pk != rec.drafted_by_id]
    people = [u for u in people if not approver_refusal(u, rec)]
    heads = [u for u in people if u.role == Role.APPROVER]
    return heads or people


def _number_and_freeze(rec: Recommendation, actor: User, today: datetime.date) -> None:
    """Take the next document number for ``rec`` and freeze its PDF — signed where the
    procuratorate has a key — with the SHA-256.

    The counter row stays locked until the issuing transaction ends (supervision.numbering),
    so numbers are gap-free and unique under concurrent issuing, batches included."""
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
    # Render (a pure function), then sign with the procuratorate's key when it has one: what is
    # stored, hashed and served is the signed file (recommendations.signing_keys).
    pdf_bytes, signed = sign_instrument_pdf(render_instrument_pdf(rec), procuratorate)
    rec.pdf_sha256 = sha256_hex(pdf_bytes)
    rec.pdf.save(f"{procuratorate.pk}-{today.year}-{rec.pk}.pdf", ContentFile(pdf_bytes), save=False)
    rec.save(update_fields=["status", "number", "issued_at", "issued_on", "pdf", "pdf_sha256"])
    audit_record(actor=actor, action="recommendation_issue", target=rec, number=rec.number,
                 sha256=rec.pdf_sha256, signed=signed)


def _fan_out(lead: Recommendation, actor: User, today: datetime.date) -> list[Recommendation]:
    """类案检察建议: one instrument per further addressee of the lead's batch, a copy of the
    approved draft (so approved itself) issued with the lead — the table's ``issue_with_lead``
    — with its own number, PDF and (later) service and clock."""
    siblings = []
    for agency in lead.batch.addressees.exclude(pk=lead.agency_id).order_by("pk"):
        sibling = Recommendation.objects.create(
            case=lead.case, instrument_type=lead.instrument_type, agency=agency,
            title=lead.title, case_source=lead.case_source, facts=lead.facts,
            problems=lead.problems, legal_basis=lead.legal_basis, body=lead.body,
            status=InstrumentStatus.APPROVED, drafted_by=lead.drafted_by,
            approved_by=lead.approved_by, approved_at=lead.approved_at, batch=lead.batch,
            period_amount=lead.period_amount, period_unit=lead.period_unit,
            period_reason=lead.period_reason)
        RecommendationItem.objects.bulk_create(
            RecommendationItem(recommendation=sibling, number=i.number, text=i.text)
            for i in lead.items.all())  # the sibling's save() below moves its revision
        sibling = lock_recommendation(sibling)
        sibling.status = enforce_system("issue_with_lead", sibling)
        _number_and_freeze(sibling, actor, today)
        siblings.append(sibling)
    return siblings


@transaction.atomic
def recommendation_issue(*, actor: User, recommendation: Recommendation,
                         issued_on: datetime.date | None = None) -> Recommendation:
    """Issue an approved instrument: take the next document number, render the official PDF
    and freeze it with its SHA-256. The PDF is never rendered again after this.

    ``issued_on`` (default today) lets a paper instrument issued earlier be entered after the
    fact (补录); it cannot lie in the future, and the number's year follows it. The lead of a
    similar-case batch fans out: every further addressee gets its own instrument and number.
    Each addressee's liaisons are told to acknowledge receipt in the portal.
    """
    rec = lock_recommendation(recommendation)
    rec.status = enforce("issue", actor, rec)
    today = issued_on or timezone.localdate()
    if today > timezone.localdate():
        raise ValidationError({"issued_on": _("成文日期不能晚于今天。")})
    _number_and_freeze(rec, actor, today)
    issued = [rec]
    if rec.batch_id is not None:
        issued += _fan_out(rec, actor, today)
    for one in issued:
        tell_liaisons(one, "instrument.issued", {
            "procuratorate": one.case.procuratorate.name, "type": one.instrument_type.name,
            "type_en": one.instrument_type.name_en, "number": one.number})
    return rec
