"""Reads about cases that combine several tables."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from supervision.models import AuditEntry

from .models import SupervisionCase

ACTION_LABELS = {
    "case_register": _("登记案件"),
    "recommendation_draft": _("拟制文书"),
    "recommendation_submit": _("提请审批"),
    "recommendation_approve": _("审批同意"),
    "recommendation_return": _("退回修改"),
    "recommendation_issue": _("签发文书"),
    "recommendation_serve": _("登记送达"),
    "reply_submit": _("单位书面回复"),
}


def case_timeline(case: SupervisionCase) -> list[dict]:
    """Everything that happened on the case and its instruments, oldest first, in two queries."""
    instrument_ids = [str(pk) for pk in case.recommendations.values_list("pk", flat=True)]
    entries = AuditEntry.objects.filter(
        Q(target_type="cases.supervisioncase", target_id=str(case.pk))
        | Q(target_type="recommendations.recommendation", target_id__in=instrument_ids)
    ).select_related("actor").order_by("created_at", "pk")
    return [{"when": e.created_at, "who": e.actor, "what": ACTION_LABELS.get(e.action, e.action),
             "data": e.data} for e in entries]
