"""Extending an instrument's reply period (延长回复期限), kept as history.

The handling procurator, the head of the case's department or the chief procurator decides
(the table's ``decider``: ``recommendations.permissions.can_decide_extension``).
They may extend on their own motion (:func:`recommendation_extend`), or decide an agency's
request (:func:`extension_request`, then :func:`recommendation_extend` with ``request=`` or
:func:`extension_refuse`). An extension adds days or months to the current due date — or names
the new date — and an end on a holiday or rest day moves to the next working day (民法典
art. 203). The instrument's ``due_date`` becomes the new date and its explanation lists every
extension; the agency's liaisons are told.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.selectors import agency_liaisons
from recommendations.choices import ExtensionStatus, InstrumentStatus, InternalDeadlineKind
from recommendations.models import Recommendation, RecommendationExtension
from recommendations.services.internal_deadlines import (
    internal_deadline_close,
    internal_deadline_open,
)
from recommendations.services.locks import lock_recommendation
from recommendations.services.notices import link_for
from recommendations.transitions import enforce
from supervision.calendar import LegalCalendar
from supervision.deadlines import DueDate, extended_end
from supervision.models import User
from supervision.services.audit import audit_record
from supervision.services.notifications import notify


def _pending(rec: Recommendation, request: RecommendationExtension) -> RecommendationExtension:
    """The request, locked, if it is still waiting for a decision (not decided meanwhile)."""
    try:
        return RecommendationExtension.objects.select_for_update().get(
            pk=request.pk, recommendation=rec, status=ExtensionStatus.REQUESTED)
    except RecommendationExtension.DoesNotExist:
        raise ValidationError(_("该延期申请已经决定。")) from None


def _awaiting(rec: Recommendation) -> None:
    if rec.status != InstrumentStatus.AWAITING_REPLY or rec.due_date is None:
        raise ValidationError(_("只有待回复的文书可以延长回复期限。"))


@transaction.atomic
def recommendation_extend(
    *, actor: User, recommendation: Recommendation, reason: str,
    new_due: datetime.date | None = None, days: int | None = None, months: int | None = None,
    request: RecommendationExtension | None = None,
) -> RecommendationExtension:
    """Extend the reply period by ``days`` or ``months`` from the current due date, or to
    ``new_due``; with ``request``, this grants the agency's pending request."""
    rec = lock_recommendation(recommendation)
    enforce("decide_extension" if request is not None else "extend", actor, rec)
    _awaiting(rec)
    if not reason.strip():
        raise ValidationError({"reason": _("延长回复期限必须写明理由。")})
    old_due = rec.due_date
    calendar = LegalCalendar.load(old_due, old_due + datetime.timedelta(days=400))
    try:
        raw, due, provisional = extended_end(old_due, calendar=calendar, days=days, months=months,
                                             new_due=new_due)
    except ValueError:
        raise ValidationError({"new_due": _("延长后的期限必须晚于原期限（%(due)s）。") % {
            "due": old_due.isoformat()}}) from None
    explanation = DueDate.from_dict(rec.due_explanation).with_extension(
        due, reason.strip(), raw=raw, provisional=provisional)
    now = timezone.now()
    if request is not None:
        ext = _pending(rec, request)
    else:
        ext = RecommendationExtension(recommendation=rec)
    ext.status, ext.old_due, ext.new_due = ExtensionStatus.GRANTED, old_due, due
    ext.reason, ext.decided_by, ext.decided_at = reason.strip(), actor, now
    ext.save()
    rec.due_date, rec.due_provisional = due, provisional
    rec.due_explanation = explanation.as_dict()
    rec.save(update_fields=["due_date", "due_provisional", "due_explanation"])
    internal_deadline_close(actor=actor, recommendation=rec,
                            kind=InternalDeadlineKind.EXTENSION_DECISION)
    audit_record(actor=actor, action="recommendation_extend", target=rec,
                 old_due=old_due.isoformat(), new_due=due.isoformat(), reason=reason.strip())
    _tell(rec, "extension.granted", {"due": due.isoformat()}, staff=request is not None)
    return ext


@transaction.atomic
def extension_request(*, actor: User, recommendation: Recommendation,
                      requested_due: datetime.date, reason: str) -> RecommendationExtension:
    """The agency's liaison asks for more time (申请延期) with a reason; the procuratorate's
    deadline to decide starts (rule ``extension_decision``)."""
    rec = lock_recommendation(recommendation)
    enforce("request_extension", actor, rec)
    _awaiting(rec)
    if not reason.strip():
        raise ValidationError({"reason": _("申请延期必须写明理由。")})
    if requested_due <= rec.due_date:
        raise ValidationError({"requested_due": _("申请延长至的日期必须晚于原期限（%(due)s）。") % {
            "due": rec.due_date.isoformat()}})
    if rec.extensions.filter(status=ExtensionStatus.REQUESTED).exists():
        raise ValidationError(_("该文书已有一项待决定的延期申请。"))
    ext = RecommendationExtension.objects.create(
        recommendation=rec, status=ExtensionStatus.REQUESTED, requested_by=actor,
        requested_at=timezone.now(), requested_due=requested_due, request_reason=reason.strip(),
        old_due=rec.due_date)
    internal_deadline_open(actor=actor, recommendation=rec,
                           kind=InternalDeadlineKind.EXTENSION_DECISION)
    audit_record(actor=actor, action="extension_request", target=rec,
                 requested_due=requested_due.isoformat())
    notify([rec.case.handler], "extension.requested",
           {"agency": rec.agency.name, "number": rec.number or "",
            "due": requested_due.isoformat()}, link=rec.get_absolute_url())
    return ext


@transaction.atomic
def extension_refuse(*, actor: User, extension: RecommendationExtension,
                     reason: str) -> RecommendationExtension:
    """Refuse an agency's pending extension request, with the reason it is told."""
    rec = lock_recommendation(extension.recommendation)
    enforce("decide_extension", actor, rec)
    if not reason.strip():
        raise ValidationError({"reason": _("不予准许必须写明理由。")})
    ext = _pending(rec, extension)
    ext.status, ext.reason = ExtensionStatus.REFUSED, reason.strip()
    ext.decided_by, ext.decided_at = actor, timezone.now()
    ext.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    internal_deadline_close(actor=actor, recommendation=rec,
                            kind=InternalDeadlineKind.EXTENSION_DECISION)
    audit_record(actor=actor, action="extension_refuse", target=rec, reason=reason.strip())
    _tell(rec, "extension.refused", {"reason": reason.strip()}, staff=False)
    return ext


def _tell(rec: Recommendation, code: str, extra: dict, *, staff: bool) -> None:
    """Notify the agency's liaisons (and, when the agency asked, the assistant) on commit."""
    people = list(agency_liaisons(rec.agency_id))
    if staff and rec.case.assistant_id:
        people.append(rec.case.assistant)
    notify(people, code, {"number": rec.number or "", **extra},
           link={u.pk: link_for(rec, u) for u in people})
