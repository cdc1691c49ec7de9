"""Statistics releases (公开统计): a procurator proposes a period's figures for the public
page; an approver approves, and the figures are computed then (``reporting.statistics``) and
frozen; or returns; either withdraws."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reporting.statistics import validate_period
from supervision.models import User
from supervision.services.audit import audit_record

from ..choices import PublicationStatus
from ..models import StatisticsRelease
from ..permissions import PUBLISHER_ROLES
from ..selectors import describe, freeze_figures, release_preview
from ..transitions import enforce
from ._common import _return_item, _withdraw_item, notify_approvers

AUDIT_LABELS = {
    "statistics_release_propose": gettext_lazy("提请公开统计数据"),
    "statistics_release_approve": gettext_lazy("审批公开统计数据"),
    "statistics_release_return": gettext_lazy("退回统计数据公开申请"),
    "statistics_release_withdraw": gettext_lazy("撤回公开的统计数据"),
}


def _lock(item: StatisticsRelease) -> StatisticsRelease:
    return (StatisticsRelease.objects.select_for_update(of=("self",))
            .select_related("procuratorate").get(pk=item.pk))


@transaction.atomic
def statistics_release_propose(*, actor: User, start: datetime.date, end: datetime.date,
                               title: str, note: str = "") -> StatisticsRelease:
    """提请公开: the figures of the actor's procuratorate (with those below it) for a period
    that has ended — they are computed and frozen at approval."""
    if actor.role not in PUBLISHER_ROLES or actor.procuratorate_id is None or not actor.is_active:
        raise PermissionDenied(_("只有检察官、部门负责人或检察长可以提请公开本院统计数据。"))
    validate_period(start, end)
    if end >= timezone.localdate():
        raise ValidationError({"end": _("只能公开已经结束的期间：截止日期应早于今天。")})
    if not (title or "").strip():
        raise ValidationError({"title": _("此项不能为空。")})
    item = StatisticsRelease.objects.create(
        procuratorate_id=actor.procuratorate_id, start=start, end=end, title=title.strip(),
        note=(note or "").strip(), proposed_by=actor, proposed_at=timezone.now())
    audit_record(actor=actor, action="statistics_release_propose", target=item,
                 period=f"{start.isoformat()}–{end.isoformat()}")
    notify_approvers(item, actor, kind=_("公开统计数据"), kind_en="statistics release",
                     link=reverse("publication:release-detail", args=[item.pk]))
    return item


@transaction.atomic
def statistics_release_approve(*, actor: User, release: StatisticsRelease) -> StatisticsRelease:
    """审批公开: compute the figures now, freeze them, publish."""
    item = _lock(release)
    item.status = enforce("approve", actor, item)
    if StatisticsRelease.objects.filter(
            procuratorate_id=item.procuratorate_id, start=item.start, end=item.end,
            status=PublicationStatus.PUBLISHED).exists():
        raise ValidationError(_("本院该期间的统计数据已经公开，请先撤回原公开内容。"))
    # The title and note are free text: published through the same rewrite and check as a
    # typical case's, with the names of the procuratorate's parties and staff.
    preview = release_preview(item)
    if not preview.clean:
        found = "、".join(dict.fromkeys(f"{field.label}：{describe(finding)}"
                                        for field, finding in preview.findings))
        raise ValidationError(
            _("公开文本中仍有可能识别个人身份的信息（%(found)s），请修改后再审批。"),
            code="personal_data", params={"found": found})
    published = preview.published()
    item.title, item.note = published["title"], published["note"]
    item.figures = freeze_figures(item.procuratorate, item.start, item.end)
    item.approved_by = actor
    item.published_at = timezone.now()
    item.return_reason = ""
    try:
        with transaction.atomic():
            item.save(update_fields=["status", "figures", "approved_by", "published_at",
                                     "return_reason", "title", "note"])
    except IntegrityError as exc:  # a concurrent approval of the same period won
        raise ValidationError(_("本院该期间的统计数据已经公开，请先撤回原公开内容。")) from exc
    audit_record(actor=actor, action="statistics_release_approve", target=item,
                 issued=item.figures.get("issued"), due=item.figures.get("due"))
    return item


@transaction.atomic
def statistics_release_return(*, actor: User, release: StatisticsRelease,
                              reason: str) -> StatisticsRelease:
    item = _lock(release)
    _return_item(item, actor=actor, reason=reason, action="statistics_release_return")
    return item


@transaction.atomic
def statistics_release_withdraw(*, actor: User, release: StatisticsRelease,
                                reason: str) -> StatisticsRelease:
    item = _lock(release)
    _withdraw_item(item, actor=actor, reason=reason, action="statistics_release_withdraw")
    return item
