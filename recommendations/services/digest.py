"""The daily digest: one e-mail a day per person who chose it — a procurator's own deadlines,
a department head's, chief's or supervisor's scope, an agency liaison's agency — listing what is
overdue and what falls due within the week, instead of one mail per event.

Exactly once per person and day: :func:`queue_digests` inserts one ``EmailDelivery`` row keyed
by (recipient, date) with ``ignore_conflicts``; the content is written when the row is sent
(:func:`render_digest`, in the recipient's language), and a digest with nothing in it is
marked ``skipped`` instead of being sent.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from recommendations.selectors import (
    internal_deadlines_for,
    reply_deadlines_for,
    transfer_deadlines_for,
)
from supervision.choices import EmailMode, EmailStatus, Role
from supervision.models import EmailDelivery, User
from supervision.services.notifications import default_email_mode, queue_emails

DIGEST_ROLES = {Role.PROCURATOR, Role.ASSISTANT, Role.APPROVER, Role.CHIEF, Role.SUPERVISOR,
                Role.LIAISON}
#: Lines listed per section; the rest are counted.
LIMIT = 30
WEEK = datetime.timedelta(days=7)


def digest_recipients() -> QuerySet[User]:
    """Active users of the digest roles with an e-mail address who chose the digest (or
    never chose, when the digest is the default)."""
    chose_digest = Q(notification_preference__email_mode=EmailMode.DIGEST)
    by_default = [role for role in DIGEST_ROLES if default_email_mode(role) == EmailMode.DIGEST]
    chose_digest |= Q(notification_preference__isnull=True, role__in=by_default)
    return (User.objects.filter(chose_digest, is_active=True, role__in=DIGEST_ROLES)
            .exclude(email=""))


def queue_digests(day: datetime.date | None = None) -> int:
    """Insert today's digest rows (once per user and day) and queue those still pending."""
    day = day or timezone.localdate()
    with transaction.atomic():
        EmailDelivery.objects.bulk_create(
            [EmailDelivery(recipient_id=pk, digest_on=day)
             for pk in digest_recipients().values_list("pk", flat=True)],
            ignore_conflicts=True, batch_size=500)
        ids = list(EmailDelivery.objects.filter(digest_on=day, status=EmailStatus.PENDING)
                   .values_list("pk", flat=True))
        queue_emails(ids)
    return len(ids)


def render_digest(user: User, day: datetime.date) -> tuple[str, str] | None:
    """``(subject, body)`` of ``user``'s digest for ``day`` in the active language, or None
    when nothing is overdue or due within the week."""
    horizon = day + WEEK
    replies = reply_deadlines_for(user).filter(due_date__lte=horizon)
    counts = replies.aggregate(overdue=Count("pk", filter=Q(due_date__lt=day)),
                               week=Count("pk", filter=Q(due_date__gte=day)))
    internal_qs = internal_deadlines_for(user).filter(due_date__lte=horizon)
    internal_count = internal_qs.count()
    transfers_qs = transfer_deadlines_for(user).filter(due_date__lte=horizon)
    transfer_count = transfers_qs.count()
    if not counts["overdue"] and not counts["week"] and not internal_count and not transfer_count:
        return None
    ordered = replies.select_related("agency").order_by("due_date", "pk")
    lines = [gettext("%(date)s 期限日报") % {"date": date_format(day)}, ""]
    lines += _section(gettext("已逾期（%(count)s 件）") % {"count": counts["overdue"]},
                      list(ordered.filter(due_date__lt=day)[:LIMIT]), counts["overdue"], day)
    lines += _section(gettext("本周到期（%(count)s 件）") % {"count": counts["week"]},
                      list(ordered.filter(due_date__gte=day)[:LIMIT]), counts["week"], day)
    if internal_count:
        lines.append(gettext("本院办理期限（%(count)s 项）") % {"count": internal_count})
        for item in internal_qs.select_related("recommendation").order_by("due_date", "pk")[:LIMIT]:
            lines.append(gettext("- %(number)s · %(kind)s · 期限 %(due)s%(late)s") % {
                "number": item.recommendation.number or "", "kind": item.get_kind_display(),
                "due": date_format(item.due_date), "late": _late(item.due_date, day)})
        lines.append("")
    if transfer_count:
        lines.append(gettext("移送线索反馈期限（%(count)s 项）") % {"count": transfer_count})
        for transfer in transfers_qs.select_related("case").order_by("due_date", "pk")[:LIMIT]:
            lines.append(gettext("- %(case)s · %(recipient)s · 期限 %(due)s%(late)s") % {
                "case": transfer.case.number, "recipient": transfer.recipient,
                "due": date_format(transfer.due_date), "late": _late(transfer.due_date, day)})
        lines.append("")
    start = "portal:inbox" if user.role == Role.LIAISON else (
        "cases:list" if user.role in {Role.PROCURATOR, Role.ASSISTANT} else "reporting:dashboard")
    lines.append(gettext("登录系统查看：%(url)s") % {
        "url": settings.SITE_URL.rstrip("/") + reverse(start)})
    lines.append(gettext("此邮件由系统每日自动汇总发送。如需逐条即时提醒，请在“通知设置”中修改。"))
    subject = gettext("期限日报 %(date)s：逾期 %(overdue)s 件，本周到期 %(week)s 件") % {
        "date": date_format(day), "overdue": counts["overdue"], "week": counts["week"]}
    return subject, "\n".join(lines)


def _section(title: str, items: list, total: int, day: datetime.date) -> list[str]:
    if not items:
        return []
    lines = [title]
    for rec in items:
        lines.append(gettext("- %(number)s · %(agency)s · 回复期限 %(due)s%(late)s") % {
            "number": rec.number or "", "agency": rec.agency.name,
            "due": date_format(rec.due_date), "late": _late(rec.due_date, day)})
    if total > len(items):
        lines.append(gettext("……另有 %(count)s 件，请登录系统查看。") % {"count": total - len(items)})
    return lines + [""]


def _late(due: datetime.date, day: datetime.date) -> str:
    days = (day - due).days
    return gettext("（逾期 %(days)s 日）") % {"days": days} if days > 0 else ""
