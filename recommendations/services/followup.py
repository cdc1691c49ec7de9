"""Follow-up after an unsatisfactory or missing reply (seed 000 §7–8; 刑事诉讼规则 art. 553:
urge first, then report upward), each step a record of its own linked to the original:

* 催告 — the agency's liaisons are told;
* 跟进监督 — asked of a higher procuratorate, whose staff then see the instrument
  (``recommendations.permissions``) and record their own action (:func:`follow_up_higher_action`);
* 通报上级机关/主管部门, 通报政府或监察委员会, 报告人大常委会 — recorded with the recipient;
* 提起行政公益诉讼 — only on an administrative public-interest pre-litigation recommendation
  (检察公益诉讼司法解释 art. 21), optionally linked to the new instrument.

From "awaiting reply" a step may be taken only once the due date has passed (overdue is a fact
about data); after an evaluation of 不采纳 or a failed verification, at any time. Closing ends
the follow-up.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from recommendations.services.notices import tell_liaisons
from supervision.choices import Role
from supervision.models import Procuratorate, User
from supervision.services.audit import audit_record
from supervision.services.notifications import notify

from ..choices import FollowUpKind as K
from ..models import FollowUp, Recommendation
from ..transitions import enforce, follow_up_open
from .locks import lock_recommendation

#: Where a step goes when the procurator names no recipient.
PIL_LITIGATION_TYPES = frozenset({"pil_pre_litigation"})


def _default_recipient(rec: Recommendation, kind: str) -> str:
    return {K.SUPERIOR_AUTHORITY: rec.agency.superior_name,
            K.URGE: rec.agency.name}.get(kind, "")


@transaction.atomic
def follow_up_record(*, actor: User, recommendation: Recommendation, kind: str, note: str,
                     taken_on: datetime.date | None = None, recipient: str = "",
                     higher_procuratorate: Procuratorate | None = None,
                     new_recommendation: Recommendation | None = None) -> FollowUp:
    """Record one follow-up step of ``kind`` on the instrument (see the module docstring)."""
    rec = lock_recommendation(recommendation)
    enforce("follow_up", actor, rec)
    today = timezone.localdate()
    taken_on = taken_on or today
    if kind not in K.values:
        raise ValidationError({"kind": _("请选择跟进方式。")})
    if not follow_up_open(rec, today):
        raise ValidationError(_("回复期限尚未届满，不能跟进监督。"))
    if taken_on > today:
        raise ValidationError({"taken_on": _("日期不能晚于今天。")})
    if not note.strip():
        raise ValidationError({"note": _("请写明跟进情况。")})
    if kind == K.LAWSUIT and rec.instrument_type.code not in PIL_LITIGATION_TYPES:
        raise ValidationError({"kind": _("只有行政公益诉讼诉前检察建议不被落实时才能决定提起行政公益诉讼。")})
    if kind == K.HIGHER_PROCURATORATE:
        higher_procuratorate = higher_procuratorate or rec.case.procuratorate.parent
        own = rec.case.procuratorate
        if higher_procuratorate is None or higher_procuratorate.pk == own.pk or not (
                own.path.startswith(higher_procuratorate.path)):
            raise ValidationError({"higher_procuratorate": _("请选择本院的上级检察院。")})
    else:
        higher_procuratorate = None
    if new_recommendation is not None and new_recommendation.case_id != rec.case_id:
        raise ValidationError({"new_recommendation": _("关联的文书必须属于同一案件。")})
    follow_up = FollowUp.objects.create(
        recommendation=rec, kind=kind, taken_on=taken_on,
        recipient=(recipient.strip() or _default_recipient(rec, kind)
                   or (higher_procuratorate.name if higher_procuratorate else "")),
        note=note.strip(), created_by=actor, higher_procuratorate=higher_procuratorate,
        new_recommendation=new_recommendation)
    if higher_procuratorate is not None:
        # The maintained fact ``recommendations.permissions`` reads to add the follow-up
        # exception to the higher procuratorate's queries at all (the instance passed in may
        # be stale: the UPDATE asks the row). Never unset: a request, once made, stays.
        Procuratorate.objects.filter(pk=higher_procuratorate.pk,
                                     has_follow_up_requests=False).update(
            has_follow_up_requests=True)
        higher_procuratorate.has_follow_up_requests = True
    audit_record(actor=actor, action="follow_up_record", target=rec, kind=kind,
                 recipient=follow_up.recipient)
    _tell(rec, follow_up)
    return follow_up


def _tell(rec: Recommendation, follow_up: FollowUp) -> None:
    params = {"procuratorate": rec.case.procuratorate.name, "number": rec.number or "",
              "agency": rec.agency.name, "note": follow_up.note}
    if follow_up.kind == K.URGE:
        tell_liaisons(rec, "followup.urged", params)
    elif follow_up.kind == K.HIGHER_PROCURATORATE:
        people = list(User.objects.filter(
            procuratorate=follow_up.higher_procuratorate, is_active=True,
            role__in=[Role.SUPERVISOR, Role.CHIEF]).select_related("notification_preference"))
        notify(people, "followup.higher", params, link=rec.get_absolute_url())


@transaction.atomic
def follow_up_higher_action(*, actor: User, follow_up: FollowUp, action: str) -> FollowUp:
    """The higher procuratorate records what it did on a 跟进监督 request (seed 000 §7)."""
    rec = lock_recommendation(follow_up.recommendation)
    enforce("higher_action", actor, rec)
    row = FollowUp.objects.select_for_update().get(pk=follow_up.pk, recommendation=rec)
    if row.kind != K.HIGHER_PROCURATORATE or row.higher_procuratorate_id != actor.procuratorate_id:
        raise ValidationError(_("该跟进监督请求不是提给本院的。"))
    if not action.strip():
        raise ValidationError({"action": _("请写明跟进监督情况。")})
    row.higher_action, row.higher_action_by = action.strip(), actor
    row.higher_action_at = timezone.now()
    row.save(update_fields=["higher_action", "higher_action_by", "higher_action_at"])
    audit_record(actor=actor, action="follow_up_higher_action", target=rec, follow_up=row.pk)
    return row


@transaction.atomic
def recommendation_close(*, actor: User, recommendation: Recommendation,
                         reason: str) -> Recommendation:
    """End the follow-up of an instrument (办结), with the reason."""
    rec = lock_recommendation(recommendation)
    rec.status = enforce("close", actor, rec)
    if not reason.strip():
        raise ValidationError({"reason": _("办结必须写明理由。")})
    rec.save(update_fields=["status"])
    audit_record(actor=actor, action="recommendation_close", target=rec, reason=reason.strip())
    tell_liaisons(rec, "instrument.closed", {"procuratorate": rec.case.procuratorate.name,
                                             "number": rec.number or "",
                                             "reason": reason.strip()})
    return rec
