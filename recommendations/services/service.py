"""Service (送达) of an issued instrument, which starts the agency's reply clock.

Three ways (DEADLINES.md: the period runs from the day after receipt): the procurator records
direct service or service by post with the date signed on the 送达回证 (民事诉讼法 art. 87), and
may upload the signed receipt later; or the agency's liaison acknowledges it in the portal
(签收), which is electronic service. Both go through :func:`_start_clock`.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import transitions as case_transitions
from recommendations.services.notices import tell_liaisons
from supervision.models import User
from supervision.services.audit import audit_record
from supervision.services.notifications import notify
from supervision.statemachine import SYSTEM
from supervision.uploads import sniff_upload

from ..choices import ServiceMethod
from ..models import Recommendation
from ..transitions import enforce, enforce_system
from .drafting import reply_due_date
from .locks import lock_recommendation


def _start_clock(rec: Recommendation, *, actor: User, action: str, target: str,
                 served_on: datetime.date, method: str) -> Recommendation:
    """Record service on the locked ``rec`` and compute the reply due date from the service
    date by the type's period rule (or the shorter period the document states); ``target`` is
    what the person's action (serve, acknowledge) leads to. An instrument that needs no written
    answer is finished by its service instead: the table's ``close_on_service``."""
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
        rec.status = enforce_system("close_on_service", rec)
    rec.save(update_fields=fields)
    # Service puts the case under supervision (监督中) where the case's own transition table
    # lets the system take that step; the acting person may be a liaison acknowledging
    # receipt, so the case service (which checks who may decide a case) is not the one to call.
    if "supervise" in case_transitions.TABLE.allowed(rec.case.status, {SYSTEM}):
        rec.case.status = case_transitions.enforce_system("supervise", rec.case)
        rec.case.save(update_fields=["status"])
    audit_record(actor=actor, action=action, target=rec, served_on=served_on.isoformat(),
                 due_date=rec.due_date, method=method)
    return rec


def _store_receipt(rec: Recommendation, receipt: UploadedFile) -> None:
    """Keep the signed 送达回证, its type checked by content (supervision.uploads)."""
    try:
        extension = sniff_upload(receipt)
    except ValidationError as exc:
        raise ValidationError({"receipt": exc.messages}) from exc
    rec.receipt_name = receipt.name[:200]
    rec.receipt.save(f"receipt-{rec.pk}.{extension}", receipt, save=False)
    rec.save(update_fields=["receipt", "receipt_name"])


@transaction.atomic
def recommendation_serve(*, actor: User, recommendation: Recommendation,
                         served_on: datetime.date, method: str = ServiceMethod.DIRECT,
                         receipt: UploadedFile | None = None) -> Recommendation:
    """Record service (送达) by the procuratorate and start the reply clock; ``receipt`` is
    the signed 送达回证, if already at hand. The agency's liaisons are told the due date."""
    rec = lock_recommendation(recommendation)
    target = enforce("serve", actor, rec)
    if method not in ServiceMethod.values:
        raise ValidationError({"method": _("请选择送达方式。")})
    rec = _start_clock(rec, actor=actor, action="recommendation_serve", target=target,
                       served_on=served_on, method=method)
    if receipt is not None:
        _store_receipt(rec, receipt)
    params = {"procuratorate": rec.case.procuratorate.name, "number": rec.number or ""}
    if rec.due_date is not None:
        tell_liaisons(rec, "instrument.served", {**params, "due": rec.due_date.isoformat()})
    else:
        tell_liaisons(rec, "instrument.served_no_reply", params)
    return rec


@transaction.atomic
def recommendation_acknowledge(*, actor: User, recommendation: Recommendation) -> Recommendation:
    """The addressee's liaison acknowledges receipt in the portal (签收): electronic service
    today, and the reply clock starts exactly as for service by the procuratorate."""
    rec = lock_recommendation(recommendation)
    target = enforce("acknowledge", actor, rec)
    rec = _start_clock(rec, actor=actor, action="recommendation_acknowledge", target=target,
                       served_on=timezone.localdate(), method=ServiceMethod.ELECTRONIC)
    notify([rec.case.handler], "instrument.acknowledged",
           {"agency": rec.agency.name, "number": rec.number or "",
            "due": rec.due_date.isoformat() if rec.due_date else "—"},
           link=rec.get_absolute_url())
    return rec


@transaction.atomic
def receipt_upload(*, actor: User, recommendation: Recommendation,
                   receipt: UploadedFile) -> Recommendation:
    """Attach the 送达回证 the agency signed (paper service), after service was recorded."""
    rec = lock_recommendation(recommendation)
    enforce("upload_receipt", actor, rec)
    _store_receipt(rec, receipt)
    audit_record(actor=actor, action="receipt_upload", target=rec, name=rec.receipt_name)
    return rec
