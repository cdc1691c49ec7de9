"""犯罪记录封存: sealing a juvenile case's record, and lifting the seal (解除封存).

刑事诉讼法第二百八十六条: where a person under eighteen at the time of the offence is sentenced
to five years' imprisonment or less, the record is sealed and given to no one, except to the
judicial organs for a case or to units that enquire under the law. Seed 003 §8 asks the
procuratorate to carry the system out. In the product a sealed case leaves every export, the
statistics' lists of cases (it is still counted in totals, without a name), similar-case
suggestions and the public page, and its page says so in a banner (docs/juvenile.md). Who sees
the case at all does not change: a juvenile case is already seen only by its narrow circle
(``cases.permissions.juvenile_q``).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from supervision.models import User
from supervision.services.audit import audit_record

from ..hooks import record_sealed_listeners
from ..models import SupervisionCase
from ..permissions import can_seal_record, can_unseal_record


@transaction.atomic
def case_record_seal(*, actor: User, case: SupervisionCase, reason: str,
                     sealed_on: datetime.date | None = None) -> SupervisionCase:
    """Seal ``case``'s record: the handling procurator or the chief, for a juvenile case, with
    the basis written down."""
    case = SupervisionCase.objects.select_for_update().get(pk=case.pk)
    if not can_seal_record(actor, case):
        raise PermissionDenied(_("只有承办检察官或检察长可以封存犯罪记录。"))
    if not case.juvenile:
        raise ValidationError(_("只有涉未成年人案件可以封存犯罪记录。"))
    if case.record_sealed:
        raise ValidationError(_("该案件的犯罪记录已封存。"))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写封存的依据和理由。")})
    sealed_on = sealed_on or timezone.localdate()
    if sealed_on > timezone.localdate():
        raise ValidationError({"sealed_on": _("封存日期不能晚于今天。")})
    if sealed_on < case.accepted_on:
        raise ValidationError({"sealed_on": _("封存日期不能早于受理日期（%(date)s）。") % {
            "date": case.accepted_on.isoformat()}})
    case.record_sealed, case.sealed_on, case.sealed_by, case.seal_reason = (
        True, sealed_on, actor, reason)
    case.save(update_fields=["record_sealed", "sealed_on", "sealed_by", "seal_reason"])
    audit_record(actor=actor, action="case_record_seal", target=case,
                 sealed_on=sealed_on.isoformat())
    for listener in record_sealed_listeners:
        listener(case, actor)
    return case


@transaction.atomic
def case_record_unseal(*, actor: User, case: SupervisionCase, reason: str) -> SupervisionCase:
    """Lift the seal (解除封存): the chief procurator alone, with the reason (e.g. a new
    offence or an undisclosed earlier one, 《关于未成年人犯罪记录封存的实施办法》),
    which the audit trail keeps with the former seal's date."""
    case = SupervisionCase.objects.select_for_update().get(pk=case.pk)
    if not can_unseal_record(actor, case):
        raise PermissionDenied(_("只有检察长可以解除封存。"))
    if not case.record_sealed:
        raise ValidationError(_("该案件的犯罪记录未封存。"))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写解除封存的理由。")})
    was_sealed_on = case.sealed_on
    case.record_sealed, case.sealed_on, case.sealed_by, case.seal_reason = False, None, None, ""
    case.save(update_fields=["record_sealed", "sealed_on", "sealed_by", "seal_reason"])
    audit_record(actor=actor, action="case_record_unseal", target=case, reason=reason,
                 sealed_on=was_sealed_on.isoformat())
    return case
