"""Typical cases (典型案例): proposed by a procurator from a case, approved — with the texts
de-identified and frozen — by a department head or the chief, returned or withdrawn."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import SupervisionCase
from supervision.models import SupervisionKind, User
from supervision.services.audit import audit_record

from ..choices import PublicationStatus
from ..models import TypicalCase
from ..permissions import can_propose_from
from ..selectors import describe, typical_case_preview
from ..transitions import TABLE, enforce
from ._common import _return_item, _withdraw_item, notify_approvers

AUDIT_LABELS = {
    "typical_case_propose": gettext_lazy("提请公开典型案例"),
    "typical_case_revise": gettext_lazy("修改典型案例"),
    "typical_case_approve": gettext_lazy("审批公开典型案例"),
    "typical_case_return": gettext_lazy("退回典型案例"),
    "typical_case_withdraw": gettext_lazy("撤回典型案例"),
}


def _texts(title: str, summary: str, achieved: str, significance: str) -> dict[str, str]:
    texts = {"title": (title or "").strip(), "summary": (summary or "").strip(),
             "achieved": (achieved or "").strip(), "significance": (significance or "").strip()}
    missing = {name: _("此项不能为空。") for name in ("title", "summary", "achieved")
               if not texts[name]}
    if missing:
        raise ValidationError(missing)
    return texts


def _lock(item: TypicalCase) -> TypicalCase:
    return (TypicalCase.objects.select_for_update(of=("self",))
            .select_related("case", "procuratorate").get(pk=item.pk))


def _notify(item: TypicalCase, actor: User) -> None:
    notify_approvers(item, actor, kind=_("典型案例"), kind_en="typical case",
                     link=reverse("publication:case-detail", args=[item.pk]))


@transaction.atomic
def typical_case_propose(*, actor: User, case: SupervisionCase, title: str, summary: str,
                         achieved: str, significance: str = "",
                         kind: SupervisionKind | None = None) -> TypicalCase:
    """提请公开: propose ``case`` as a typical case, with the texts to publish (they are
    de-identified at approval; the preview shows how)."""
    if not can_propose_from(actor, case):
        raise PermissionDenied(_("只有本院检察官、部门负责人或检察长可以提请公开本院案件。"))
    item = TypicalCase.objects.create(
        procuratorate_id=case.procuratorate_id, case=case, kind=kind or case.kind,
        proposed_by=actor, proposed_at=timezone.now(),
        **_texts(title, summary, achieved, significance))
    audit_record(actor=actor, action="typical_case_propose", target=item, case=case.pk)
    _notify(item, actor)
    return item


@transaction.atomic
def typical_case_revise(*, actor: User, typical_case: TypicalCase, title: str, summary: str,
                        achieved: str, significance: str = "",
                        kind: SupervisionKind | None = None) -> TypicalCase:
    """修改后提请: the proposer changes the texts of a proposal (or of one returned to them)
    and it waits for approval again."""
    item = _lock(typical_case)
    status = enforce("revise", actor, item)
    was_returned = item.status == PublicationStatus.RETURNED
    for name, value in _texts(title, summary, achieved, significance).items():
        setattr(item, name, value)
    if kind is not None:
        item.kind = kind
    item.status = status
    item.proposed_at = timezone.now()
    item.save(update_fields=["title", "summary", "achieved", "significance", "kind", "status",
                             "proposed_at"])
    audit_record(actor=actor, action="typical_case_revise", target=item)
    if was_returned:
        _notify(item, actor)
    return item


@transaction.atomic
def typical_case_approve(*, actor: User, typical_case: TypicalCase) -> TypicalCase:
    """审批公开: de-identify the texts with what the case knows now, refuse while the check
    still finds a name, ID number, telephone number or address in them, and publish the
    de-identified texts — frozen: later changes to the case never reach the public page."""
    item = _lock(typical_case)
    item.status = enforce("approve", actor, item)
    if item.case is not None and item.case.record_sealed:
        raise ValidationError(_("来源案件的犯罪记录已封存，不能公开。"))
    preview = typical_case_preview(item)
    if not preview.clean:
        found = "、".join(dict.fromkeys(f"{field.label}：{describe(finding)}"
                                        for field, finding in preview.findings))
        raise ValidationError(
            _("公开文本中仍有可能识别个人身份的信息（%(found)s），请提请人修改后再审批。"),
            code="personal_data", params={"found": found})
    published = preview.published()
    item.published_title = published["title"]
    item.published_summary = published["summary"]
    item.published_achieved = published["achieved"]
    item.published_significance = published["significance"]
    item.approved_by = actor
    item.published_at = timezone.now()
    item.return_reason = ""
    item.save(update_fields=["status", "published_title", "published_summary",
                             "published_achieved", "published_significance", "approved_by",
                             "published_at", "return_reason"])
    audit_record(actor=actor, action="typical_case_approve", target=item)
    return item


@transaction.atomic
def typical_case_return(*, actor: User, typical_case: TypicalCase, reason: str) -> TypicalCase:
    """退回: back to the proposer with a reason."""
    item = _lock(typical_case)
    _return_item(item, actor=actor, reason=reason, action="typical_case_return")
    return item


@transaction.atomic
def typical_case_withdraw(*, actor: User, typical_case: TypicalCase, reason: str) -> TypicalCase:
    """撤回: the proposal is dropped, or the published case leaves the public page."""
    item = _lock(typical_case)
    _withdraw_item(item, actor=actor, reason=reason, action="typical_case_withdraw")
    return item


@transaction.atomic
def typical_cases_withdraw_for_sealed_record(*, actor: User, case: SupervisionCase) -> int:
    """犯罪记录封存 (刑事诉讼法第二百八十六条) takes ``case``'s typical cases off the public page
    and out of the approval queue at once: a consequence of the seal ``actor`` made (called in
    its transaction through ``cases.hooks.record_sealed_listeners``), so the table is asked
    only whether each state may become withdrawn. The number withdrawn."""
    items = list(TypicalCase.objects.select_for_update().filter(
        case=case, status__in=[PublicationStatus.PROPOSED, PublicationStatus.RETURNED,
                               PublicationStatus.PUBLISHED]))
    for item in items:
        _withdraw_item(item, actor=actor, reason=_("来源案件的犯罪记录已依法封存。"),
                       action="typical_case_withdraw",
                       status=TABLE.check("withdraw", item.status))
    return len(items)


def on_record_sealed(case: SupervisionCase, actor: User) -> None:
    """The listener ``PublicationConfig.ready`` registers in ``cases.hooks``."""
    typical_cases_withdraw_for_sealed_record(actor=actor, case=case)
