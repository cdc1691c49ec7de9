"""The self-check: queries that find data breaking the rules, run nightly (beat, 02:30), by
``manage.py selfcheck`` and from the system administrator's page.

Checks are registered with :func:`check` in each app's ``selfcheck`` module (discovered like
``admin`` modules). Each returns the ids of the offending rows; a report keeps the count and a
sample per check, and the system administrators are notified when anything is found. The
checks only read: fixing data is a person's decision.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_noop

from supervision.calendar import LegalCalendar
from supervision.choices import EmailStatus, Role
from supervision.deadlines import DueDate
from supervision.models import EmailDelivery, SelfCheckReport, User
from supervision.models.deadline import Deadline
from supervision.services.audit import audit_verify
from supervision.services.notifications import notify

logger = logging.getLogger(__name__)
SAMPLE = 20


@dataclass(frozen=True)
class Check:
    code: str
    title: str  # a msgid, shown translated
    run: Callable[[datetime.date], list]


CHECKS: dict[str, Check] = {}


def check(code: str, title: str) -> Callable:
    """Register ``fn(today) -> [offending ids]`` as a self-check."""
    def register(fn: Callable[[datetime.date], list]) -> Callable:
        CHECKS[code] = Check(code, title, fn)
        return fn
    return register


def inconsistent_deadlines(model: type[Deadline]) -> list:
    """The running rows of a deadline ``model`` whose stored due date is not what its
    explanation says (after extensions), or not what the current legal calendar gives — a
    calendar edited outside the recompute shows here. One pass, computed in Python with one
    calendar; each app registers it for its own deadline models."""
    calendar = LegalCalendar.load()
    bad = []
    rows = model.objects.running().filter(due_date__isnull=False).order_by("pk")
    for pk, due, provisional, data in rows.values_list(
            "pk", "due_date", "due_provisional", "due_explanation").iterator(chunk_size=2000):
        if not data:
            bad.append(pk)
            continue
        stored = DueDate.from_dict(data)
        again = stored.recomputed(calendar)
        if (stored.effective_due != due or again.effective_due != due
                or again.effective_provisional != provisional):
            bad.append(pk)
    return bad


def run_selfcheck(*, actor: User | None = None, nightly: bool = False,
                  today: datetime.date | None = None) -> SelfCheckReport | None:
    """Run every check and store a report; None when the nightly report of ``today`` exists
    already (a second beat). Notifies the active system administrators of any problem."""
    autodiscover_modules("selfcheck")
    today = today or timezone.localdate()
    if nightly and SelfCheckReport.objects.filter(nightly_on=today).exists():
        return None
    started = timezone.now()
    findings = []
    for item in CHECKS.values():
        ids = item.run(today)
        if ids:
            findings.append({"code": item.code, "title": item.title, "count": len(ids),
                             "sample": [str(i) for i in ids[:SAMPLE]]})
            logger.warning("self-check %s: %s rows", item.code, len(ids))
    problems = sum(f["count"] for f in findings)
    try:
        with transaction.atomic():
            report = SelfCheckReport.objects.create(
                started_at=started, finished_at=timezone.now(), triggered_by=actor,
                nightly_on=today if nightly else None, problem_count=problems, findings=findings)
            if problems:
                admins = User.objects.filter(role=Role.SYSADMIN, is_active=True).select_related(
                    "notification_preference")
                notify(admins, "selfcheck.problems", {"count": problems},
                       link=reverse("ops-selfcheck"))
    except IntegrityError:
        return None  # another beat wrote tonight's report first
    return report


@check("email_stuck_sending", gettext_noop("邮件认领后超过一小时未确认发送（可能已发出，需人工核实）"))
def _stuck_emails(today: datetime.date) -> list:
    """A worker died between claiming and confirming: never re-sent automatically."""
    cutoff = timezone.now() - datetime.timedelta(hours=1)
    return list(EmailDelivery.objects.filter(status=EmailStatus.SENDING, claimed_at__lt=cutoff)
                .order_by("pk").values_list("pk", flat=True))


@check("email_failed", gettext_noop("多次重试后仍发送失败的邮件"))
def _failed_emails(today: datetime.date) -> list:
    since = timezone.now() - datetime.timedelta(days=7)
    return list(EmailDelivery.objects.filter(status=EmailStatus.FAILED, created_at__gte=since)
                .order_by("pk").values_list("pk", flat=True))


@check("audit_chain_broken", gettext_noop("审计日志哈希链断裂（记录被修改、删除或插入）"))
def _audit_chain(today: datetime.date) -> list:
    """The first entry at which the chain does not hold (manage.py audit_verify names why)."""
    result = audit_verify()
    return [] if result.ok else [result.broken.entry_id or f"seq {result.broken.seq}"]


@check("active_superuser", gettext_noop("存在启用的超级用户账号（应由三员分别管理，不应有超级用户）"))
def _active_superusers(today: datetime.date) -> list:
    return list(User.objects.filter(is_superuser=True, is_active=True).order_by("pk")
                .values_list("pk", flat=True))
